//! Properties that tie the path analysis to the engine: no played path scores outside the
//! analysis's worst and best, and the analysis's best choices really reach its best score.

mod common;

use std::sync::Arc;

use proptest::prelude::*;
use rapport_core::analysis::{Analysis, Exactness, Limits};
use rapport_core::debrief::{Debrief, states_to_keep};
use rapport_core::scenario::Target;
use rapport_core::scenario::{Scenario, load_file, load_valid};
use rapport_core::scoring::{overall_score, score_path, session_cost};
use rapport_core::session::{Session, start_state};

fn shipped() -> Vec<Arc<Scenario>> {
    common::shipped_scenarios()
        .iter()
        .map(|path| {
            let report = load_file(path);
            Arc::new(
                report
                    .scenario
                    .unwrap_or_else(|| panic!("{} is invalid", path.display())),
            )
        })
        .collect()
}

fn all_scenarios() -> Vec<Arc<Scenario>> {
    let mut scenarios = shipped();
    scenarios.push(Arc::new(
        load_valid("minimal.ron", common::MINIMAL).unwrap(),
    ));
    scenarios
}

/// Plays `picks` (each taken modulo the options on offer, silence included) to the end.
fn play(scenario: &Arc<Scenario>, seed: u64, picks: &[usize]) -> Option<Session> {
    let mut session = Session::new(Arc::clone(scenario), seed);
    let mut picks = picks.iter().cycle();
    while let Some(prompt) = session.prompt() {
        let options = prompt.choices();
        if options.is_empty() {
            return None;
        }
        let pick = picks.next().copied().unwrap_or(0) % options.len();
        session.choose(options[pick]).ok()?;
    }
    Some(session)
}

/// The value of a finished session as `analysis` measures it: its ending's value, with the
/// turns beyond the analysis' fewest, less what its moves cost.
fn played_value(analysis: &Analysis, session: &Session) -> i32 {
    let end = session.state();
    let Target::Ending(ending) = end.at else {
        panic!("the session has not ended");
    };
    score_path(
        session.scenario(),
        &end,
        session_cost(session),
        analysis.fewest_turns(ending),
    )
    .expect("an ending state")
    .value
}

/// Every scenario with its analysis and worst reachable value, computed once for all cases.
struct Analysed {
    scenario: Arc<Scenario>,
    analysis: Analysis,
    best: i32,
    worst: i32,
}

static ANALYSED: std::sync::LazyLock<Vec<Analysed>> = std::sync::LazyLock::new(|| {
    all_scenarios()
        .into_iter()
        .map(|scenario| {
            let analysis = Analysis::of(&scenario);
            let best = analysis.best_value().unwrap();
            let record = rapport_core::session::SessionRecord {
                scenario_id: scenario.meta.id.clone(),
                content_hash: scenario.content_hash.clone(),
                seed: 0,
                choices: analysis.worst_choices(),
            };
            let worst_session = Session::replay(Arc::clone(&scenario), &record).unwrap();
            let worst = played_value(&analysis, &worst_session);
            Analysed {
                scenario,
                analysis,
                best,
                worst,
            }
        })
        .collect()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_played_path_scores_between_the_analysis_worst_and_best(
        seed in any::<u64>(),
        picks in proptest::collection::vec(0usize..9, 1..40),
    ) {
        for Analysed { scenario, analysis, best, worst } in ANALYSED.iter() {
            let session = play(scenario, seed, &picks).expect("shipped scenarios have no dead ends");
            let value = played_value(analysis, &session);
            prop_assert!(value <= *best, "{}: played {value} above best {best}", scenario.meta.id);
            prop_assert!(value >= *worst, "{}: played {value} below worst {worst}", scenario.meta.id);
            let (skill_best, skill_worst) = analysis.skill_range().unwrap();
            let debrief = rapport_core::debrief::Debrief::with_outlook(&session, analysis).unwrap();
            for result in &debrief.skills {
                prop_assert!(result.points <= skill_best.get(result.skill));
                prop_assert!(result.points >= skill_worst.get(result.skill));
                prop_assert!(result.score.is_none_or(|score| score <= 100));
            }
            prop_assert!(debrief.score <= 100);
        }
    }

    #[test]
    fn the_same_seed_and_picks_replay_identically(seed in any::<u64>(), picks in proptest::collection::vec(0usize..9, 1..30)) {
        for Analysed { scenario, .. } in ANALYSED.iter() {
            let first = play(scenario, seed, &picks).unwrap();
            let replayed = Session::replay(Arc::clone(scenario), &first.record()).unwrap();
            prop_assert_eq!(first.transcript(), replayed.transcript());
        }
    }
}

#[test]
fn replaying_the_best_choices_reaches_the_best_score() {
    for scenario in all_scenarios() {
        let analysis = Analysis::of(&scenario);
        for seed in [0, 1, 99] {
            let mut session = Session::new(Arc::clone(&scenario), seed);
            for choice in analysis.best_choices() {
                session.choose(choice).unwrap();
            }
            assert!(session.is_finished(), "the best path ends");
            let value = played_value(&analysis, &session);
            assert_eq!(Some(value), analysis.best_value(), "{}", scenario.meta.id);
            assert_eq!(overall_score(value, value), 100);
            let debrief =
                rapport_core::debrief::Debrief::with_outlook(&session, &analysis).unwrap();
            assert_eq!(debrief.score, 100, "{}", scenario.meta.id);
            assert!(
                debrief.turning_points.is_empty(),
                "{}: the best path has no missed better reply",
                scenario.meta.id
            );
        }
    }
}

#[test]
fn the_generated_large_scenario_validates_and_analyses() {
    let text = common::generate_large(10_000);
    let scenario = load_valid("generated.ron", &text).unwrap();
    assert_eq!(scenario.nodes.len(), 10_000);
    let analysis = Analysis::of(&scenario);
    let report = analysis.report(&scenario);
    assert!(
        report.endings.iter().all(|ending| ending.reached),
        "{:?}",
        report.endings
    );
    assert!(report.dead_ends.is_empty());
    assert!(report.unreached_nodes.is_empty());
    assert_eq!(report.best.unwrap().score, 100);
}

#[test]
fn the_analysis_finds_dead_ends_that_conditions_create() {
    // Every reply at `details` now needs trust of at least 60, so a trainee who rushed at the
    // opening (trust stays 50) is stuck there.
    let gated = common::MINIMAL
        .replace(
            "next: \"resolved\",",
            "next: \"resolved\",\n                    requires: [AtLeast(Trust, 60)],",
        )
        .replace(
            "next: \"partly\",",
            "next: \"partly\",\n                    requires: [AtLeast(Trust, 60)],",
        );
    let scenario = load_valid("stuck.ron", &gated).unwrap();
    let report = Analysis::of(&scenario).report(&scenario);
    assert_eq!(report.dead_ends.len(), 1, "{:?}", report.dead_ends);
    assert_eq!(report.dead_ends[0].node, "details");
    assert_eq!(report.dead_ends[0].meters.trust, 50);
    assert!(!report.dead_ends[0].path.is_empty());
}

#[test]
fn unreachable_endings_and_dominated_replies_are_reported() {
    let scenario = load_valid("minimal.ron", common::MINIMAL).unwrap();
    let report = Analysis::of(&scenario).report(&scenario);
    // Blaming the bank is worse than the empathic reply on every measure.
    assert!(
        report
            .dominated
            .iter()
            .any(|d| d.node == "opening" && d.response == 3 && d.by_response == 1),
        "{:?}",
        report.dominated
    );
    // Sam's patience never runs out on any path, so the walkout ending is never reached.
    let reached: Vec<(&str, bool)> = report
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.reached))
        .collect();
    assert_eq!(
        reached,
        [
            ("resolved", true),
            ("partly", true),
            ("escalated", true),
            ("hangs-up", false)
        ]
    );
    assert!(report.distinct_paths >= 6);
}

/// Small limits force the approximate analysis on a shipped scenario whose exact analysis is
/// known, so the estimate can be checked against the truth.
const TIGHT: Limits = Limits {
    max_states: 2_000,
    beam_width: 50,
};

fn largest() -> &'static Analysed {
    ANALYSED
        .iter()
        .max_by_key(|analysed| analysed.analysis.state_count())
        .unwrap()
}

#[test]
fn past_its_limits_the_analysis_is_approximate_and_its_best_path_is_real() {
    let exact = largest();
    let scenario = &exact.scenario;
    let approximate = Analysis::within(scenario, start_state(scenario), TIGHT, &[]);
    assert_eq!(
        approximate.exactness(),
        Exactness::Approximate { beam_width: 50 }
    );
    assert_eq!(exact.analysis.exactness(), Exactness::Exact);
    // A beam follows real paths only: its best is reachable, so never above the true best.
    let found = approximate
        .best_value()
        .expect("the beam reaches an ending");
    assert!(found <= exact.best, "{found} > {}", exact.best);
    let mut session = Session::new(Arc::clone(scenario), 1);
    for choice in approximate.best_choices() {
        session.choose(choice).unwrap();
    }
    assert!(session.is_finished(), "the best path ends");
    assert_eq!(played_value(&approximate, &session), found);
    // Each turn keeps at most the beam's width (there is nothing to keep here).
    assert!(approximate.state_count() <= 1 + 50 * usize::from(scenario.max_turns));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// However a trainee plays a scenario too large to analyse whole, the debrief scores the
    /// session, says the score is approximate, and knows the value of every choice they made.
    #[test]
    fn every_session_of_a_scenario_past_the_limits_gets_a_debrief(
        seed in 0u64..1000,
        picks in proptest::collection::vec(0usize..8, 1..20),
    ) {
        let scenario = &largest().scenario;
        let Some(session) = play(scenario, seed, &picks) else {
            return Ok(());
        };
        let keep = states_to_keep(&session);
        let analysis = Analysis::within(scenario, session.initial_state(), TIGHT, &keep);
        let debrief = Debrief::with_outlook(&session, &analysis).unwrap();
        prop_assert_eq!(debrief.exactness, Exactness::Approximate { beam_width: 50 });
        prop_assert!(debrief.score <= 100);
        prop_assert!(debrief.value <= debrief.best_value);
        for exchange in session.transcript() {
            prop_assert!(analysis.value_range(&exchange.after).is_some());
        }
        prop_assert!(debrief.exactness.note().is_some());
    }
}
