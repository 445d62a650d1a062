//! The shipped scenario library meets the authoring rules: a thin or broken scenario fails CI.
//! (Files whose names start with `_`, like the template, are for authors and not checked.)

mod common;

use std::collections::HashSet;

use std::sync::Arc;

use rapport_core::analysis::Analysis;
use rapport_core::analysis::bots::{Bot, run_bots};
use rapport_core::analysis::cues::{BotRuns, LibraryCues, SurfaceCues, Tell, TellFlag};
use rapport_core::analysis::difficulty::DifficultyEvidence;
use rapport_core::scenario::{Channel, Outcome, Pitfall, Scenario, Skill, load_file};
use rapport_core::scoring::Retention;
use rapport_core::session::{Choice, start_state, step};

/// Every shipped file that validates cleanly, the tutorial included.
fn shipped() -> Vec<(String, Scenario)> {
    common::shipped_scenarios()
        .into_iter()
        .filter(|path| !path.file_name().unwrap().to_string_lossy().starts_with('_'))
        .map(|path| {
            let report = load_file(&path);
            assert!(
                report.diagnostics.is_empty(),
                "{} must validate with no errors or warnings:\n{}",
                path.display(),
                report.render(false)
            );
            (path.display().to_string(), report.scenario.unwrap())
        })
        .collect()
}

/// The scored scenarios: the library the rules below hold (the tutorial has its own).
fn library() -> Vec<(String, Scenario)> {
    shipped()
        .into_iter()
        .filter(|(_, scenario)| scenario.meta.scored)
        .collect()
}

#[test]
fn the_tutorial_teaches_the_screen_in_three_turns_and_is_not_scored() {
    let tutorials: Vec<(String, Scenario)> = shipped()
        .into_iter()
        .filter(|(_, scenario)| !scenario.meta.scored)
        .collect();
    assert_eq!(tutorials.len(), 1, "one tutorial");
    let (file, tutorial) = &tutorials[0];
    assert_eq!(tutorial.nodes.len(), 3, "{file}: three turns");
    // The meters: every reply moves them; the coaching says to watch them.
    let first = tutorial.node(tutorial.start);
    assert!(
        first
            .responses
            .iter()
            .all(|r| r.effect != Default::default())
    );
    assert!(first.responses.iter().all(|r| r.coaching.contains("bars")));
    // The time limit, where staying silent is the best move.
    let analysis = Analysis::of(tutorial);
    let best = analysis.best_choices();
    assert!(
        best.contains(&Choice::Silence),
        "{file}: the best path stays silent once: {best:?}"
    );
    // The coaching card: every reply and silence carries a takeaway.
    for node in &tutorial.nodes {
        assert!(node.responses.iter().all(|r| r.takeaway.is_some()));
        assert!(node.silence.iter().all(|s| s.takeaway.is_some()));
    }
}

/// The responses chosen along `choices`, as (skills, pitfalls).
fn chosen(scenario: &Scenario, choices: &[Choice]) -> Vec<(Vec<Skill>, Vec<Pitfall>)> {
    let mut state = start_state(scenario);
    let mut tags = Vec::new();
    for &choice in choices {
        if let (rapport_core::scenario::Target::Node(node), Choice::Response(index)) =
            (state.at, choice)
        {
            let response = &scenario.node(node).responses[usize::from(index)];
            tags.push((response.skills.clone(), response.pitfalls.clone()));
        }
        state = step(scenario, &state, choice).unwrap().state;
    }
    tags
}

#[test]
fn every_shipped_scenario_meets_the_authoring_rules() {
    let mut failures = Vec::new();
    for (file, scenario) in library() {
        let mut problems = Vec::new();
        let analysis = Analysis::of(&scenario);
        let report = analysis.report(&scenario);
        for node in &scenario.nodes {
            if node.responses.len() < 3 {
                problems.push(format!(
                    "node `{}` offers {} responses (at least 3)",
                    node.id,
                    node.responses.len()
                ));
            }
        }
        let with_variants = scenario
            .nodes
            .iter()
            .filter(|node| node.says.len() >= 2)
            .count();
        if with_variants * 2 < scenario.nodes.len() {
            problems.push(format!(
                "only {with_variants} of {} nodes have line variants",
                scenario.nodes.len()
            ));
        }
        if !report.unreached_nodes.is_empty() {
            problems.push(format!(
                "nodes no play reaches: {:?}",
                report.unreached_nodes
            ));
        }
        if !report.dead_ends.is_empty() {
            problems.push(format!(
                "dead ends at {:?}",
                report.dead_ends.iter().map(|d| &d.node).collect::<Vec<_>>()
            ));
        }
        let unreached: Vec<&str> = report
            .endings
            .iter()
            .filter(|e| !e.reached)
            .map(|e| e.id.as_str())
            .collect();
        if !unreached.is_empty() {
            problems.push(format!("endings never reached: {unreached:?}"));
        }
        let outcomes: HashSet<Outcome> = scenario.endings.iter().map(|e| e.outcome).collect();
        let has_middle =
            outcomes.contains(&Outcome::Escalated) || outcomes.contains(&Outcome::PartlyResolved);
        // An honest no has no ending that gives the customer what they asked for: its
        // intended ending stands in for "resolved".
        let has_good = outcomes.contains(&Outcome::Resolved)
            || scenario.endings.iter().any(|ending| ending.intended);
        if !(has_good && outcomes.contains(&Outcome::CustomerLost) && has_middle) {
            problems.push(format!("endings need resolved (or an intended ending), escalated or partly resolved, and customer lost: {outcomes:?}"));
        }
        match &report.best {
            Some(best) => {
                // The best path ends where the scenario means it to: at an ending the author
                // marked as the one it teaches (an honest no, a correct escalation), or else
                // resolved. Not every customer ends a promoter: a cool one after flawless
                // handling is a lesson too, so the customer's figures are not held here.
                let marked = scenario.endings.iter().any(|ending| ending.intended);
                let where_meant = if marked {
                    best.intended
                } else {
                    best.outcome == Outcome::Resolved
                };
                if !where_meant {
                    problems.push(format!(
                        "the best path must end at the intended ending, or resolved when none is marked: {best:?}"
                    ));
                }
                if best.customer.retention == Retention::Leaves {
                    problems.push(format!("the best path loses the customer: {best:?}"));
                }
                if best.path.len() < 6 {
                    problems.push(format!(
                        "the best path has {} decisions (at least 6)",
                        best.path.len()
                    ));
                }
            }
            None => problems.push("no ending can be reached".into()),
        }
        // Listening first: the best path's first reply listens or acknowledges, not a fix.
        // (Only the first: a customer who wants speed is served by a fix straight after.)
        let opening = chosen(&scenario, &analysis.best_choices());
        let listens = |tags: &(Vec<Skill>, Vec<Pitfall>)| {
            (tags.0.contains(&Skill::ActiveListening) || tags.0.contains(&Skill::Empathy))
                && !tags.1.contains(&Pitfall::Rushing)
        };
        if !opening.iter().take(1).all(listens) {
            problems.push(format!(
                "the best path must listen before it fixes; it opens with {:?}",
                &opening[..opening.len().min(1)]
            ));
        }
        let truer = scenario.nodes.iter().any(|node| {
            node.silence.is_some()
                || !node.reactions.is_empty()
                || node
                    .responses
                    .iter()
                    .any(|r| !r.requires.is_empty() || r.sets.0 != 0)
        });
        if !truer {
            problems.push("uses no time limit, condition or flag".into());
        }
        if !report.bias.warnings.is_empty() {
            problems.push(format!("authoring bias: {:?}", report.bias.warnings));
        }
        if !problems.is_empty() {
            failures.push(format!("{file}:\n  - {}", problems.join("\n  - ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_library_spans_every_difficulty_and_channel() {
    let scenarios = library();
    assert!(
        scenarios.len() >= 12,
        "the library has {} scenarios; it needs at least 12",
        scenarios.len()
    );
    let difficulties: HashSet<u8> = scenarios.iter().map(|(_, s)| s.meta.difficulty).collect();
    assert_eq!(difficulties, (1..=5).collect(), "difficulties covered");
    let channels: HashSet<Channel> = scenarios.iter().map(|(_, s)| s.meta.channel).collect();
    for channel in [
        Channel::Phone,
        Channel::Chat,
        Channel::InPerson,
        Channel::Email,
    ] {
        assert!(channels.contains(&channel), "no scenario on {channel:?}");
    }
    let ids: HashSet<&str> = scenarios.iter().map(|(_, s)| s.meta.id.as_str()).collect();
    assert_eq!(ids.len(), scenarios.len(), "scenario ids are unique");
}

/// The surface-cue figures of the shipped library are consistent with each other. (No
/// thresholds yet: the library does not meet them; see docs/cues-before.md.)
#[test]
fn the_library_surface_cue_figures_are_well_formed() {
    let scenarios: Vec<Arc<Scenario>> = library()
        .into_iter()
        .map(|(_, scenario)| Arc::new(scenario))
        .collect();
    let runs = 3;
    let cues = LibraryCues::of(
        &scenarios,
        &Tell::defaults_and(&[]),
        Some(BotRuns { runs, seed: 1 }),
    );
    assert_eq!(cues.scenarios.len(), scenarios.len());
    let rows: Vec<&SurfaceCues> = cues.scenarios.iter().map(|row| &row.cues).collect();
    let total = &cues.total;
    let sum = |count: fn(&SurfaceCues) -> usize| rows.iter().map(|cues| count(cues)).sum::<usize>();
    assert_eq!(total.decisions, sum(|c| c.decisions));
    assert_eq!(total.replies, sum(|c| c.replies));
    assert_eq!(total.best_replies, sum(|c| c.best_replies));
    assert_eq!(total.short.replies, sum(|c| c.short.replies));
    assert_eq!(total.short.best, sum(|c| c.short.best));
    assert_eq!(total.short.decisions, sum(|c| c.short.decisions));
    assert!(total.decisions > 0);
    for cues in rows.iter().copied().chain([total]) {
        // Every decision has a best reply and a reply that is not best.
        assert!(cues.best_replies >= cues.decisions);
        assert!(cues.best_replies < cues.replies);
        assert!(cues.replies >= 2 * cues.decisions);
        assert!(cues.short.best <= cues.short.replies && cues.short.replies <= cues.replies);
        assert!(cues.short.decisions <= cues.decisions);
        for share in [
            cues.best_in_top_two_by_length,
            cues.top_two_by_chance,
            cues.short.share_of_replies,
            cues.short.best_share,
            cues.short.by_chance,
        ] {
            assert!((0.0..=1.0).contains(&share), "{share} in {cues:?}");
        }
        for tell in &cues.tells {
            assert!(tell.best <= tell.replies && tell.replies <= cues.replies);
            let flagged = tell.replies >= 5 && (tell.best == 0 || tell.best == tell.replies);
            assert_eq!(tell.flagged.is_some(), flagged, "{tell:?}");
            if tell.flagged == Some(TellFlag::NeverBest) {
                assert!(
                    cues.warnings
                        .iter()
                        .any(|w| w.contains(&format!("\"{}\"", tell.tell)))
                );
            }
        }
    }
    for (index, tell) in total.tells.iter().enumerate() {
        assert_eq!(
            tell.replies,
            rows.iter().map(|c| c.tells[index].replies).sum::<usize>()
        );
        assert_eq!(
            tell.best,
            rows.iter().map(|c| c.tells[index].best).sum::<usize>()
        );
    }
    for bot in &cues.bots {
        assert_eq!(bot.runs, runs * scenarios.len());
        assert_eq!(bot.scenarios, scenarios.len());
        assert!(bot.scenarios_at_100 <= bot.scenarios);
        assert!((0.0..=100.0).contains(&bot.mean), "{bot:?}");
    }
    for row in &cues.scenarios {
        for bot in &row.bots {
            assert_eq!(bot.runs, runs);
            assert!(bot.min <= bot.median && bot.median <= bot.max && bot.max <= 100);
        }
    }
}

/// What a trainee could learn instead of listening must not pay, over the whole library
/// (issue 11's rules; definitions in docs/authoring.md, "Surface cues"). The bots run 200
/// times from seed 1, as `rapport analyze scenarios --bots 200` does.
#[test]
fn the_library_rewards_listening_not_the_form_of_a_reply() {
    let scenarios: Vec<Arc<Scenario>> = library()
        .into_iter()
        .map(|(_, scenario)| Arc::new(scenario))
        .collect();
    let cues = LibraryCues::of(
        &scenarios,
        &Tell::defaults_and(&[]),
        Some(BotRuns { runs: 200, seed: 1 }),
    );
    let mut failures = Vec::new();
    for row in &cues.scenarios {
        let greedy = row.bots.iter().find(|b| b.bot == Bot::Greedy).unwrap();
        if greedy.max >= 100 {
            failures.push(format!(
                "{}: the greedy bot reaches {} (it must stay below 100)",
                row.scenario_id, greedy.max
            ));
        }
    }
    let total = &cues.total;
    if total.best_in_top_two_by_length > 0.70 {
        failures.push(format!(
            "a best reply is one of the two longest at {:.0}% of decisions (at most 70%)",
            total.best_in_top_two_by_length * 100.0
        ));
    }
    if total.short.best_share < 0.20 {
        failures.push(format!(
            "a short reply is best at {:.0}% of the {} decisions offering one (at least 20%)",
            total.short.best_share * 100.0,
            total.short.decisions
        ));
    }
    let mean = |bot: Bot| cues.bots.iter().find(|b| b.bot == bot).unwrap().mean;
    let (surface, random) = (mean(Bot::Surface), mean(Bot::Random));
    if (surface - random).abs() > 10.0 {
        failures.push(format!(
            "the surface-rule bot averages {surface:.1} against the random bot's {random:.1} (within 10 points)"
        ));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every scored scenario's `difficulty` is the one its data suggest (docs/authoring.md,
/// "Difficulty from data").
#[test]
fn every_difficulty_is_set_from_data() {
    let mut failures = Vec::new();
    for (file, scenario) in library() {
        let scenario = Arc::new(scenario);
        let analysis = Analysis::of(&scenario);
        let bots = run_bots(&scenario, &analysis, 200, 1);
        let best = analysis
            .report(&scenario)
            .best
            .map_or(0, |best| best.path.len());
        let evidence = DifficultyEvidence::of(scenario.meta.difficulty, &bots, best).unwrap();
        if evidence.stated != evidence.suggested {
            failures.push(format!("{file}: {evidence:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
