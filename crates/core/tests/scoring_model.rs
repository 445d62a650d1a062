//! Scoring model 2 end to end: small scenarios written here, analysed and debriefed, show each
//! rule of `docs/scoring.md` doing what it says, and the page's constant table is the code's.

mod common;

use std::sync::Arc;

use rapport_core::analysis::Analysis;
use rapport_core::debrief::Debrief;
use rapport_core::scenario::{PitfallSeverity, Scenario, Skill, Target, load_valid};
use rapport_core::scoring::{
    self, EFFORT_POINTS, NpsCategory, Retention, SkillReading, score_move,
};
use rapport_core::session::{Choice, Session};

/// A one-decision scenario: the customer says one thing and the trainee picks one of
/// `responses` (RON `ResponseSpec`s); `header` goes before `start` (e.g. a customer value) and
/// `endings` lists the endings besides the walkout `lost`.
fn one_decision(header: &str, responses: &str, endings: &str) -> Scenario {
    let text = format!(
        r#"ScenarioFile(
    format_version: 1,
    id: "test-model",
    title: "Test: one decision",
    summary: "One decision.",
    difficulty: 1,
    channel: Chat,
    skills: [Empathy, Ownership, Professionalism],
    estimated_minutes: 1,
    customer: CustomerSpec(
        name: "Ana",
        situation: "Ana wants something.",
        satisfaction: 50,
        trust: 50,
        patience: 50,
    ),
    {header}
    start: "ask",
    walkout: "lost",
    nodes: [
        NodeSpec(
            id: "ask",
            says: ["Can you help?"],
            responses: [{responses}],
        ),
    ],
    endings: [
        {endings}
        EndingSpec(id: "lost", outcome: CustomerLost, text: "Ana leaves."),
    ],
)"#
    );
    load_valid("model.ron", &text).unwrap_or_else(|problems| panic!("{problems}"))
}

/// A reply at `ask` to `next` with `fields` (tags, effect, cost...).
fn reply(text: &str, fields: &str, next: &str) -> String {
    format!(r#"ResponseSpec(text: "{text}", {fields} coaching: "Why.", next: "{next}"),"#)
}

/// The debrief of choosing reply `index` at the only decision.
fn debrief_of(scenario: &Scenario, index: u8) -> Debrief {
    let mut session = Session::new(Arc::new(scenario.clone()), 1);
    session.choose(Choice::Response(index)).unwrap();
    Debrief::of(&session).unwrap()
}

/// The text of the first reply on the analysis's best path.
fn best_first_reply(scenario: &Scenario) -> String {
    let analysis = Analysis::of(scenario);
    let report = analysis.report(scenario);
    report.best.unwrap().path[0].text.clone()
}

#[test]
fn an_intended_escalation_can_be_the_best_ending() {
    let responses = [
        reply(
            "I will take this to our compliance team now.",
            "skills: [Ownership, Professionalism], effect: Effect(satisfaction: 20, trust: 30),",
            "referred",
        ),
        reply(
            "I can sort it myself, no need for the checks.",
            "pitfalls: [BypassingControls], effect: Effect(satisfaction: 30, trust: 10),",
            "done",
        ),
    ]
    .concat();
    let endings = |intended: &str| {
        format!(
            r#"EndingSpec(id: "referred", outcome: Escalated, text: "Compliance calls Ana." {intended}),
        EndingSpec(id: "done", outcome: Resolved, text: "Ana is sorted."),"#
        )
    };
    let plain = one_decision("", &responses, &endings(""));
    assert_eq!(
        best_first_reply(&plain),
        "I can sort it myself, no need for the checks.",
        "without the mark an escalation weighs 60 % and loses"
    );
    let marked = one_decision("", &responses, &endings(", intended: true"));
    assert_eq!(
        best_first_reply(&marked),
        "I will take this to our compliance team now."
    );
    let debrief = debrief_of(&marked, 0);
    assert!(debrief.intended);
    assert_eq!(debrief.score, 100);
    let report = Analysis::of(&marked).report(&marked);
    assert_eq!(report.scoring.best_is_intended, Some(true));
    assert!(
        report
            .scoring
            .warnings
            .iter()
            .all(|w| !w.contains("intended"))
    );
}

#[test]
fn the_report_warns_when_the_best_path_misses_the_intended_ending() {
    let scenario = one_decision(
        "",
        &[
            reply(
                "Sorted.",
                "skills: [Ownership], effect: Effect(satisfaction: 40, trust: 40),",
                "done",
            ),
            reply(
                "Partly.",
                "skills: [Empathy], effect: Effect(satisfaction: 5),",
                "partly",
            ),
        ]
        .concat(),
        r#"EndingSpec(id: "done", outcome: Resolved, text: "Done."),
        EndingSpec(id: "partly", outcome: PartlyResolved, text: "Partly.", intended: true),"#,
    );
    let report = Analysis::of(&scenario).report(&scenario);
    assert_eq!(report.scoring.intended, ["partly"]);
    assert_eq!(report.scoring.best_is_intended, Some(false));
    assert!(
        report
            .scoring
            .warnings
            .iter()
            .any(|w| w.contains("not at the intended ending (partly)")),
        "{:?}",
        report.scoring.warnings
    );
}

#[test]
fn a_customer_can_end_a_promoter_after_a_well_handled_no() {
    let endings = |intended: &str| {
        format!(
            r#"EndingSpec(id: "kept_policy", outcome: PartlyResolved, text: "Ana understands." {intended}),"#
        )
    };
    let responses = reply(
        "I can't refund that, and here is exactly why, and what I can do instead.",
        "skills: [Ownership], effect: Effect(satisfaction: 20, trust: 40),",
        "kept_policy",
    );
    let unmarked = debrief_of(&one_decision("", &responses, &endings("")), 0);
    assert_eq!(unmarked.customer.nps_category, NpsCategory::Passive);
    let marked = debrief_of(
        &one_decision("", &responses, &endings(", intended: true")),
        0,
    );
    assert_eq!(marked.customer.nps, 9, "trust 90 and an intended ending");
    assert_eq!(marked.customer.nps_category, NpsCategory::Promoter);
    assert_eq!(marked.customer.retention, Retention::Stays);
}

/// Three ways to keep a £480-a-year customer: give a year away, give a little, give nothing.
fn money_scenario() -> Scenario {
    one_decision(
        r#"customer_value: ValueSpec(per_year: 480, currency: "£"),"#,
        &[
            reply(
                "Have the whole year free.",
                "skills: [Empathy], effect: Effect(satisfaction: 45, trust: 40), cost: 480,",
                "stays",
            ),
            reply(
                "I'll credit this month and fix the fault today.",
                "skills: [Ownership], effect: Effect(satisfaction: 35, trust: 35), cost: 40,",
                "stays",
            ),
            reply(
                "I'll fix the fault today.",
                "skills: [Ownership], effect: Effect(satisfaction: 20, trust: 10),",
                "stays",
            ),
        ]
        .concat(),
        r#"EndingSpec(id: "stays", outcome: Resolved, text: "Ana stays."),"#,
    )
}

#[test]
fn giving_everything_away_is_not_automatically_best() {
    let scenario = money_scenario();
    assert_eq!(
        best_first_reply(&scenario),
        "I'll credit this month and fix the fault today."
    );
    let generous = debrief_of(&scenario, 0);
    let fair = debrief_of(&scenario, 1);
    assert!(
        generous.value < fair.value,
        "{} >= {}",
        generous.value,
        fair.value
    );
    assert_eq!(
        fair.money.as_ref().unwrap().line(),
        "£480 a year kept for £40 spent"
    );
    assert_eq!(generous.money.as_ref().unwrap().spent, 480);
}

#[test]
fn a_year_of_value_given_away_costs_as_much_as_losing_the_customer() {
    let scenario = money_scenario();
    let year = scenario.customer_value.as_ref();
    let kept = scoring::money_kept_points(Retention::Stays, year);
    assert_eq!(kept - scoring::money_spent_points(480, year), 0);
    assert_eq!(scoring::money_kept_points(Retention::Leaves, year), 0);
    assert_eq!(
        score_move(&scenario, 0, Choice::Response(0)).1.value,
        scoring::money_spent_points(480, year)
    );
}

#[test]
fn a_scenario_without_a_customer_value_has_no_money_in_its_score() {
    let scenario = load_valid("minimal.ron", common::MINIMAL).unwrap();
    let analysis = Analysis::of(&scenario);
    let mut session = Session::new(Arc::new(scenario.clone()), 3);
    for choice in analysis.best_choices() {
        session.choose(choice).unwrap();
    }
    let debrief = Debrief::with_outlook(&session, &analysis).unwrap();
    assert_eq!(debrief.money, None);
    assert_eq!(debrief.score, 100);
    assert_eq!(Some(debrief.value), analysis.best_value());
}

#[test]
fn authored_effort_costs_value_and_csat_stars() {
    let scenario = one_decision(
        "",
        &[
            reply(
                "I'll sort it now.",
                "skills: [Ownership], effect: Effect(satisfaction: 45, trust: 40),",
                "done",
            ),
            reply(
                "Let me transfer you to billing, who will sort it.",
                "skills: [Ownership], effect: Effect(satisfaction: 45, trust: 40), effort: 3,",
                "done",
            ),
        ]
        .concat(),
        r#"EndingSpec(id: "done", outcome: Resolved, text: "Done."),"#,
    );
    let direct = debrief_of(&scenario, 0);
    let transferred = debrief_of(&scenario, 1);
    assert_eq!(direct.value - transferred.value, 3 * EFFORT_POINTS);
    assert_eq!(transferred.effort.from_replies, 3);
    assert_eq!(direct.customer.csat, 5);
    assert_eq!(
        transferred.customer.csat, 4,
        "three units of effort cost a star"
    );
}

#[test]
fn turns_beyond_the_fewest_to_an_ending_cost_effort_but_patience_left_does_not_count() {
    // Asking again loops back with no change but patience; the same ending one turn later
    // costs one unit of effort, and the patience it spent is not charged again.
    let scenario = one_decision(
        "",
        &[
            reply(
                "Done.",
                "skills: [Ownership], effect: Effect(satisfaction: 30, trust: 30),",
                "done",
            ),
            reply(
                "Sorry, could you say that again?",
                "skills: [Empathy], effect: Effect(patience: -20),",
                "ask",
            ),
        ]
        .concat(),
        r#"EndingSpec(id: "done", outcome: Resolved, text: "Done."),"#,
    );
    let analysis = Analysis::of(&scenario);
    let ending = scenario
        .endings
        .iter()
        .position(|ending| ending.id == "done")
        .unwrap() as u32;
    assert_eq!(analysis.fewest_turns(ending), Some(1));
    let direct = debrief_of(&scenario, 0);
    let mut session = Session::new(Arc::new(scenario.clone()), 1);
    session.choose(Choice::Response(1)).unwrap();
    session.choose(Choice::Response(0)).unwrap();
    let repeated = Debrief::with_outlook(&session, &analysis).unwrap();
    assert_eq!(repeated.effort.extra_turns, 1);
    assert_eq!(direct.value - repeated.value, EFFORT_POINTS);
    assert_eq!(session.state().at, Target::Ending(ending));
}

#[test]
fn a_severity_weighs_the_skill_points_and_the_value_a_pitfall_costs() {
    let scenario = one_decision(
        "",
        &[
            reply(
                "Per the SLA, the RMA is in the queue.",
                "pitfalls: [Jargon],",
                "done",
            ),
            reply(
                "Per the SLA, the RMA is in the queue.",
                "pitfalls: [Jargon], severity: Critical,",
                "done",
            ),
        ]
        .concat(),
        r#"EndingSpec(id: "done", outcome: Resolved, text: "Done."),"#,
    );
    let (minor_points, minor_cost) = score_move(&scenario, 0, Choice::Response(0));
    let (critical_points, critical_cost) = score_move(&scenario, 0, Choice::Response(1));
    assert_eq!(minor_points.get(Skill::Clarity), -1);
    assert_eq!(critical_points.get(Skill::Clarity), -3);
    assert_eq!(
        critical_cost.value - minor_cost.value,
        (PitfallSeverity::Critical.value_points() - PitfallSeverity::Minor.value_points()) as i32
    );
    assert_eq!(
        debrief_of(&scenario, 0).value - debrief_of(&scenario, 1).value,
        1_400
    );
}

#[test]
fn a_mistake_that_keeps_more_within_reach_is_reported_and_a_costly_one_is_not() {
    // Blaming the courier pleases Ana more than owning it: the mistake pays, which the
    // analysis must point out.
    let paying = one_decision(
        "",
        &[
            reply(
                "I'm sorry, that's on us; I'll fix it.",
                "skills: [Ownership], effect: Effect(satisfaction: 10, trust: 10),",
                "done",
            ),
            reply(
                "The courier lost it, not us.",
                "pitfalls: [Blame], effect: Effect(satisfaction: 40, trust: 40),",
                "done",
            ),
        ]
        .concat(),
        r#"EndingSpec(id: "done", outcome: Resolved, text: "Done."),"#,
    );
    let report = Analysis::of(&paying).report(&paying);
    let mistakes = &report.scoring.mistakes_that_pay;
    assert_eq!(mistakes.len(), 1, "{mistakes:?}");
    assert_eq!(mistakes[0].response, Some(2));
    assert_eq!(mistakes[0].clean_response, 1);
    // 30 more satisfaction and trust is 3000 points; blame (major) costs 300 back.
    assert_eq!(mistakes[0].by, 2_700);
    assert!(
        report
            .scoring
            .warnings
            .iter()
            .any(|w| w.contains("recovering from a mistake must never out-score not making it"))
    );
    let minimal = load_valid("minimal.ron", common::MINIMAL).unwrap();
    let report = Analysis::of(&minimal).report(&minimal);
    assert!(
        report.scoring.mistakes_that_pay.is_empty(),
        "{:?}",
        report.scoring.mistakes_that_pay
    );
}

#[test]
fn a_skill_with_under_three_points_on_the_best_path_reads_not_enough_evidence() {
    let scenario = load_valid("minimal.ron", common::MINIMAL).unwrap();
    let analysis = Analysis::of(&scenario);
    let mut session = Session::new(Arc::new(scenario.clone()), 3);
    for choice in analysis.best_choices() {
        session.choose(choice).unwrap();
    }
    let debrief = Debrief::with_outlook(&session, &analysis).unwrap();
    let empathy = debrief
        .skills
        .iter()
        .find(|skill| skill.skill == Skill::Empathy)
        .unwrap();
    assert_eq!(empathy.best, 1);
    assert_eq!(empathy.reading, SkillReading::NotEnoughEvidence);
    assert_eq!(empathy.score, None);
    let report = analysis.report(&scenario);
    assert!(report.scoring.thin_skills.contains(&Skill::Empathy));
}

/// Reads the constant table of `docs/scoring.md`: rows `| `NAME` | value | ... |`.
fn documented_constants() -> Vec<(String, i64)> {
    let page = std::fs::read_to_string(common::repository().join("docs/scoring.md"))
        .expect("docs/scoring.md is readable");
    let table = page
        .split("<!-- constants -->")
        .nth(1)
        .expect("docs/scoring.md marks its constant table with <!-- constants -->");
    table
        .trim_start()
        .lines()
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let value = cells.get(2)?.replace(',', "").parse().ok()?;
            Some((name.to_owned(), value))
        })
        .collect()
}

#[test]
fn the_constant_table_of_docs_scoring_md_is_the_code() {
    use rapport_core::scenario::Pitfall;
    let code: Vec<(&str, i64)> = vec![
        ("SCORING_MODEL", i64::from(scoring::SCORING_MODEL)),
        ("SATISFACTION_SHARE", i64::from(scoring::SATISFACTION_SHARE)),
        ("TRUST_SHARE", i64::from(scoring::TRUST_SHARE)),
        ("EFFORT_POINTS", i64::from(scoring::EFFORT_POINTS)),
        ("SILENCE_EFFORT", i64::from(scoring::SILENCE_EFFORT)),
        ("EFFORT_PER_STAR", i64::from(scoring::EFFORT_PER_STAR)),
        ("YEAR_OF_VALUE_POINTS", scoring::YEAR_OF_VALUE_POINTS),
        (
            "MIN_EVIDENCE_POINTS",
            i64::from(scoring::MIN_EVIDENCE_POINTS),
        ),
        (
            "MINOR_POINTS",
            i64::from(PitfallSeverity::Minor.value_points()),
        ),
        (
            "MAJOR_POINTS",
            i64::from(PitfallSeverity::Major.value_points()),
        ),
        (
            "CRITICAL_POINTS",
            i64::from(PitfallSeverity::Critical.value_points()),
        ),
    ];
    let documented = documented_constants();
    let names: Vec<&str> = documented.iter().map(|(name, _)| name.as_str()).collect();
    let code_names: Vec<&str> = code.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names, code_names,
        "the table lists these constants, in order"
    );
    for ((name, value), (_, expected)) in documented.iter().zip(&code) {
        assert_eq!(value, expected, "docs/scoring.md gives {name} as {value}");
    }
    // The severity table: every pitfall's default, as documented.
    let page = std::fs::read_to_string(common::repository().join("docs/scoring.md")).unwrap();
    for pitfall in Pitfall::ALL {
        let row = format!(
            "| `{pitfall:?}` | {} | {} |",
            pitfall.undermines().label(),
            pitfall.default_severity().label()
        );
        assert!(page.contains(&row), "docs/scoring.md has no row `{row}`");
    }
}
