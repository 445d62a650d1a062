//! The format's open questions, each answered by one behaviour (see "Questions answered" in
//! `docs/scenario-format.md`): one test per answer, named after it, on files the tests write.

mod common;

use common::{MINIMAL, edit, with_nodes};
use rapport_core::scenario::{LoadReport, Scenario, Severity, load_bytes};

fn load(source: &str) -> LoadReport {
    load_bytes("case.ron", source.as_bytes())
}

/// The scenario `source` compiles to, which must load without errors.
fn loaded(source: &str) -> Scenario {
    let report = load(source);
    match report.scenario {
        Some(scenario) => scenario,
        None => panic!("expected the file to load:\n{}", report.render(false)),
    }
}

/// Every diagnostic's message, errors and warnings alike.
fn messages(report: &LoadReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_timer_only_node_may_omit_responses() {
    // `manager` becomes a pause the customer fills: no `responses` field at all.
    let source = edit(&[(
        r#"            says: ["Get me your manager."],
            responses: [
                ResponseSpec(
                    text: "I'll transfer you.",
                    skills: [Professionalism],
                    coaching: "Sometimes escalation is right; better to have avoided it.",
                    next: "escalated",
                ),
            ],"#,
        r#"            says: ["Get me your manager."],
            time_limit: TimeLimitSpec(
                seconds: 5,
                coaching: "He asked for a manager and got one.",
                next: "escalated",
            ),"#,
    )]);
    let report = load(&source);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = report.scenario.expect("loads");
    let manager = scenario
        .nodes
        .iter()
        .find(|node| node.id == "manager")
        .expect("the node is kept");
    assert!(manager.responses.is_empty());
    assert!(manager.silence.is_some());

    // `responses: []` still reads as before, and a node with neither is still a dead end.
    let written = source.replacen(
        r#"            time_limit: TimeLimitSpec(
                seconds: 5,"#,
        r#"            responses: [],
            time_limit: TimeLimitSpec(
                seconds: 5,"#,
        1,
    );
    assert!(load(&written).diagnostics.is_empty());
    let dead_end = with_nodes(r#"        NodeSpec(id: "stuck", says: ["..."]),"#).replacen(
        r#"next: "escalated""#,
        r#"next: "stuck""#,
        1,
    );
    let report = load(&dead_end);
    assert!(
        messages(&report).iter().any(|m| m.starts_with("dead end:")),
        "{}",
        report.render(false)
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    );
}

#[test]
fn an_empty_effect_is_valid_and_changes_nothing() {
    use rapport_core::scenario::Delta;
    use rapport_core::session::{Choice, start_state, step};
    // On a response and on a time limit, with and without the struct name.
    let source = edit(&[
        (
            "effect: Effect(satisfaction: -20, trust: -20),",
            "effect: Effect(),",
        ),
        ("effect: Effect(patience: -20),", "effect: (),"),
    ]);
    let report = load(&source);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = report.scenario.expect("loads");
    let opening = scenario.node(scenario.start);
    assert_eq!(opening.responses[2].effect, Delta::default());
    assert_eq!(
        opening.silence.as_ref().map(|silence| silence.effect),
        Some(Delta::default())
    );
    let start = start_state(&scenario);
    for choice in [Choice::Response(2), Choice::Silence] {
        let moved = step(&scenario, &start, choice).expect("offered");
        assert_eq!(moved.applied, Delta::default(), "{choice:?}");
        assert_eq!(moved.state.meters, start.meters, "{choice:?}");
    }
}

#[test]
fn silence_without_tags_draws_no_warning_and_counts_as_a_turn_but_not_as_a_reply() {
    use rapport_core::analysis::Analysis;
    use rapport_core::debrief::Debrief;
    use rapport_core::session::{Choice, SILENCE_LABEL, Session};
    use std::sync::Arc;
    // At `pause` the one written reply interrupts; letting the timer run is the better choice.
    // Neither the new time limit nor MINIMAL's has a skill or pitfall tag.
    let source = with_nodes(
        r#"        NodeSpec(
            id: "pause",
            says: ["And another thing..."],
            responses: [
                ResponseSpec(
                    text: "Sorry, can I just stop you there?",
                    pitfalls: [Interrupting],
                    effect: Effect(satisfaction: -30, trust: -30),
                    coaching: "He had not finished.",
                    next: "details",
                ),
            ],
            time_limit: TimeLimitSpec(
                seconds: 5,
                effect: Effect(satisfaction: 5),
                coaching: "Letting him finish was right.",
                next: "details",
            ),
        ),"#,
    )
    .replacen(r#"next: "details""#, r#"next: "pause""#, 1);
    let report = load(&source);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = Arc::new(report.scenario.expect("loads"));

    // Silence is a turn like a reply: it is recorded, shown as `(silence)` and counted.
    let mut silent = Session::new(Arc::clone(&scenario), 7);
    let exchange = silent
        .choose(Choice::Silence)
        .expect("a timer runs at the opening");
    assert_eq!(exchange.reply_shown(), SILENCE_LABEL);
    assert_eq!(silent.state().turn, 1);

    // The debrief reviews choices against silence: interrupting at `pause` is a turn whose
    // better choice was to say nothing.
    let mut session = Session::new(Arc::clone(&scenario), 7);
    for choice in [
        Choice::Response(0),
        Choice::Response(0),
        Choice::Response(0),
    ] {
        session.choose(choice).expect("offered");
    }
    assert_eq!(
        session.ending().map(|ending| ending.id.as_str()),
        Some("resolved")
    );
    let debrief = Debrief::of(&session).expect("finished");
    let at_pause = debrief
        .turns
        .iter()
        .find(|turn| turn.node == "pause")
        .expect("the pause was played");
    assert_eq!(
        at_pause.better.as_ref().map(|better| better.text.as_str()),
        Some(SILENCE_LABEL)
    );

    // The form checks (authoring bias, surface cues) compare written replies only: `pause`
    // has one, so it is no decision there, and no decision lists more replies than written.
    let decisions = Analysis::of(&scenario).decisions(&scenario);
    assert!(!decisions.is_empty());
    assert!(decisions.iter().all(|decision| decision.node != "pause"));
    for decision in &decisions {
        let written = scenario
            .nodes
            .iter()
            .find(|node| node.id == decision.node)
            .map_or(0, |node| node.responses.len());
        assert!(
            decision
                .replies
                .iter()
                .all(|reply| reply.position <= written)
        );
    }
}

/// The reaction said when the session reaches `details`: after the rushed reply (which sets
/// `rushed`) or after the first one (which sets nothing).
fn reaction_at_details(source: &str, rushed: bool) -> Option<String> {
    use rapport_core::session::{Choice, Session};
    let mut session = Session::new(std::sync::Arc::new(loaded(source)), 3);
    let reply = if rushed { 1 } else { 0 };
    session.choose(Choice::Response(reply)).expect("offered");
    session.prompt().expect("at details").reaction.clone()
}

#[test]
fn only_the_first_reaction_that_holds_is_said() {
    // After the rushed reply both reactions hold; only the first written is said.
    let source = edit(&[(
        r#"reactions: [ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish.")]"#,
        r#"reactions: [
                ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish."),
                ReactionSpec(when: [Below(Patience, 100)], says: "Go on, then."),
            ]"#,
    )]);
    assert_eq!(
        reaction_at_details(&source, true).as_deref(),
        Some("You didn't even let me finish.")
    );
    assert_eq!(
        reaction_at_details(&source, false).as_deref(),
        Some("Go on, then.")
    );
}

#[test]
fn a_reaction_with_no_conditions_may_close_the_list_as_a_fallback() {
    let fallback = edit(&[(
        r#"reactions: [ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish.")]"#,
        r#"reactions: [
                ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish."),
                ReactionSpec(when: [], says: "Right."),
            ]"#,
    )]);
    assert!(load(&fallback).diagnostics.is_empty());
    assert_eq!(
        reaction_at_details(&fallback, true).as_deref(),
        Some("You didn't even let me finish.")
    );
    assert_eq!(
        reaction_at_details(&fallback, false).as_deref(),
        Some("Right.")
    );

    // Anywhere else it is refused: first in the list it hides the rest; alone, it is `says`.
    let shadowing = edit(&[(
        r#"reactions: [ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish.")]"#,
        r#"reactions: [
                ReactionSpec(when: [], says: "Right."),
                ReactionSpec(when: [Flag("rushed")], says: "You didn't even let me finish."),
            ]"#,
    )]);
    let alone = edit(&[(r#"when: [Flag("rushed")]"#, "when: []")]);
    for source in [shadowing, alone] {
        let report = load(&source);
        assert!(report.scenario.is_none(), "{}", report.render(false));
        assert!(
            messages(&report)
                .iter()
                .any(|m| m.starts_with("a reaction with no conditions")),
            "{}",
            report.render(false)
        );
    }
}

#[test]
fn a_trait_listed_twice_warns_and_applies_twice() {
    use rapport_core::session::{Choice, start_state, step};
    let source = edit(&[("traits: [Impatient],", "traits: [Impatient, Impatient],")]);
    let report = load(&source);
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "{}", report.render(false));
    assert_eq!(
        warnings[0].message,
        "trait `Impatient` is listed twice, so it applies twice"
    );
    assert!(warnings[0].help.is_some());
    // Still loads, and keeps the score it always had: a patience loss of 10 is felt as
    // 10 x 1.5 = 15, then 15 x 1.5 = 22.
    let scenario = report.scenario.expect("a warning does not stop loading");
    let start = start_state(&scenario);
    let rushed = step(&scenario, &start, Choice::Response(1)).expect("offered");
    assert_eq!(rushed.applied.patience, -22);
    let once = loaded(MINIMAL);
    let rushed_once = step(&once, &start_state(&once), Choice::Response(1)).expect("offered");
    assert_eq!(rushed_once.applied.patience, -15);
}

#[test]
fn ids_and_flag_names_take_any_characters_compared_exactly_and_padding_warns() {
    // Node and ending ids and flag names: any text, spaces, punctuation and accents included.
    let free = edit(&[
        (r#"id: "manager""#, r#"id: "Gerente, por favor?""#),
        (r#"next: "manager""#, r#"next: "Gerente, por favor?""#),
        (r#"id: "escalated""#, r#"id: "escalated → Niamh""#),
        (r#"next: "escalated""#, r#"next: "escalated → Niamh""#),
        (r#"sets: ["rushed"]"#, r#"sets: ["a rushé: yes!"]"#),
        (r#"Flag("rushed")"#, r#"Flag("a rushé: yes!")"#),
    ]);
    let report = load(&free);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));

    // Compared exactly: case counts, so `Manager` is not `manager`.
    let cased = edit(&[(r#"next: "manager""#, r#"next: "Manager""#)]);
    let report = load(&cased);
    assert!(report.scenario.is_none());
    assert!(
        messages(&report).contains(&"`next` names no node or ending: `Manager`".to_owned()),
        "{}",
        report.render(false)
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.help.as_deref() == Some("did you mean `manager`?")),
        "{}",
        report.render(false)
    );

    // White space at either end loads, with a warning, since it is so easy to miss.
    let padded = edit(&[
        (r#"id: "details""#, r#"id: " details""#),
        (r#"next: "details""#, r#"next: " details""#),
        (r#"next: "details""#, r#"next: " details""#),
        (r#"next: "details""#, r#"next: " details""#),
        (r#"next: "details""#, r#"next: " details""#),
    ]);
    let report = load(&padded);
    assert!(report.scenario.is_some(), "{}", report.render(false));
    assert_eq!(
        messages(&report),
        [
            "id ` details` starts or ends with white space, which every place that names it must repeat"
        ]
    );

    // The scenario id is stricter: results are stored under it.
    let report = load(&edit(&[(r#"id: "test-minimal""#, r#"id: "café""#)]));
    assert!(report.scenario.is_none());
}

#[test]
fn the_text_limit_counts_characters_not_bytes() {
    let title = |text: &str| edit(&[(r#""Test: a double charge""#, &format!("{text:?}"))]);
    // 4,000 characters of two bytes (8,000 bytes), and of four bytes (16,000 bytes): allowed.
    for text in ["é".repeat(4000), "🙂".repeat(4000)] {
        let report = load(&title(&text));
        assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    }
    // One more character is refused, and the message counts characters.
    let report = load(&title(&"é".repeat(4001)));
    assert_eq!(
        messages(&report),
        ["the title is 4001 characters long; the limit is 4000"]
    );
    // A character is a Unicode scalar value: an accent written as a separate combining mark
    // counts as one more, so 2,001 of `e` + U+0301 are 4,002 characters.
    let report = load(&title(&"e\u{301}".repeat(2001)));
    assert_eq!(
        messages(&report),
        ["the title is 4002 characters long; the limit is 4000"]
    );
}

#[test]
fn the_bias_check_counts_written_order_even_with_shuffling_on() {
    use rapport_core::analysis::Analysis;
    // Four decisions, the best reply written first at each, the same length as the others.
    let node: &[common::ChainReply] = &[
        ("Best reply.", true),
        ("Poor reply.", false),
        ("Weak reply.", false),
    ];
    let fixed = common::chain_scenario("written-first", &[node, node, node, node]);
    assert!(fixed.contains("shuffle_responses: false,"));
    let shuffled = fixed.replacen("shuffle_responses: false,", "shuffle_responses: true,", 1);
    let bias = |source: &str| {
        let scenario = loaded(source);
        Analysis::of(&scenario).report(&scenario).bias
    };
    let (fixed, shuffled) = (bias(&fixed), bias(&shuffled));
    assert_eq!(fixed.decisions, 4);
    assert_eq!(fixed.best_is_first, 1.0);
    assert_eq!(shuffled.best_is_first, fixed.best_is_first);
    assert!(
        shuffled
            .warnings
            .iter()
            .any(|warning| warning.starts_with("the best response is listed first")),
        "{:?}",
        shuffled.warnings
    );
    assert_eq!(shuffled.warnings, fixed.warnings);
}

#[test]
fn an_ending_depends_on_a_flag_through_the_requires_of_the_replies_that_lead_to_it() {
    use rapport_core::session::{Choice, Session};
    // One closing reply, written twice with opposite conditions: the trainee sees one, and
    // where it leads depends on whether they rushed at the opening.
    let source = with_nodes(
        r#"        NodeSpec(
            id: "wrap-up",
            says: ["So that's it?"],
            responses: [
                ResponseSpec(
                    text: "That's it: the refund is on its way.",
                    skills: [Clarity],
                    coaching: "Clear.",
                    next: "resolved",
                    requires: [NotFlag("rushed")],
                ),
                ResponseSpec(
                    text: "That's it: the refund is on its way.",
                    skills: [Clarity],
                    coaching: "Clear, but the rush earlier still rankles.",
                    next: "partly",
                    requires: [Flag("rushed")],
                ),
            ],
        ),"#,
    )
    .replacen(r#"next: "resolved""#, r#"next: "wrap-up""#, 1);
    let report = load(&source);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = std::sync::Arc::new(report.scenario.expect("loads"));
    let ending_after = |opening: u8| {
        let mut session = Session::new(std::sync::Arc::clone(&scenario), 11);
        session.choose(Choice::Response(opening)).expect("offered");
        session
            .choose(Choice::Response(0))
            .expect("the summary at details");
        let offered = session.prompt().expect("at wrap-up").options.clone();
        assert_eq!(offered.len(), 1, "one of the two is offered");
        session.choose(offered[0]).expect("offered");
        session.ending().expect("ended").id.clone()
    };
    assert_eq!(ending_after(0), "resolved");
    assert_eq!(ending_after(1), "partly", "reply 1 sets `rushed`");

    // An ending has no condition of its own: `when` on it is an unknown field.
    let conditional_ending = edit(&[(
        r#"EndingSpec(id: "resolved", outcome: Resolved,"#,
        r#"EndingSpec(id: "resolved", outcome: Resolved, when: [Flag("rushed")],"#,
    )]);
    let report = load(&conditional_ending);
    assert!(report.scenario.is_none());
    assert!(
        messages(&report).iter().any(|m| m.contains("`when`")),
        "{}",
        report.render(false)
    );
}

#[test]
fn a_second_speaker_is_named_on_the_node_that_they_speak_at() {
    let source = edit(&[(
        r#"            id: "manager","#,
        r#"            id: "manager",
            speaker: "Niamh, team manager",
            direction: "Niamh takes over the call","#,
    )]);
    let report = load(&source);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = report.scenario.expect("loads");
    let speakers: Vec<(&str, Option<&str>)> = scenario
        .nodes
        .iter()
        .map(|node| (node.id.as_str(), node.speaker.as_deref()))
        .collect();
    assert_eq!(
        speakers,
        [
            ("opening", None),
            ("details", None),
            ("manager", Some("Niamh, team manager"))
        ]
    );
    // Format-1 files without `speaker` read as before, and an empty name is refused.
    assert!(load(MINIMAL).diagnostics.is_empty());
    let empty = edit(&[(r#"id: "manager","#, r#"id: "manager", speaker: "","#)]);
    assert_eq!(messages(&load(&empty)), ["the speaker's name is empty"]);
}

#[test]
fn a_time_limit_may_say_what_the_wait_stands_for_in_story_time() {
    // An email left unanswered: two minutes of the trainee's time, two days of the customer's.
    let source = edit(&[
        ("channel: Phone,", "channel: Email,"),
        (
            "seconds: 10,",
            r#"seconds: 120,
                story_time: "two days","#,
        ),
    ]);
    let report = load(&source);
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = report.scenario.expect("loads");
    let silence = scenario
        .node(scenario.start)
        .silence
        .clone()
        .expect("a time limit");
    assert_eq!(silence.seconds, 120, "the seconds stay the trainee's");
    assert_eq!(silence.story_time.as_deref(), Some("two days"));
    // Left out, it is `None`: the wait is the seconds themselves, as in format 1 files.
    let plain = loaded(MINIMAL);
    let silence = plain
        .node(plain.start)
        .silence
        .clone()
        .expect("a time limit");
    assert_eq!(silence.story_time, None);
}

/// A temporary folder, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("rapport-format-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }

    fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("scratch file written");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn two_files_with_one_scenario_id_are_an_error_at_the_second_files_id() {
    use rapport_core::scenario::locate::{FieldPath, locate};
    use rapport_core::scenario::{FolderCheck, discover};
    let scratch = Scratch::new("same-id");
    // A trainer copies a scenario to make a harder version and forgets to change the id.
    scratch.write("double-charge.ron", MINIMAL);
    let copy = MINIMAL.replacen("difficulty: 1,", "difficulty: 3,", 1);
    scratch.write("double-charge-hard.ron", &copy);
    scratch.write(
        "other.ron",
        &MINIMAL.replacen(r#"id: "test-minimal""#, r#"id: "other""#, 1),
    );
    let files = discover(std::slice::from_ref(&scratch.0)).expect("the folder is readable");
    let mut folder = FolderCheck::default();
    let reports: Vec<_> = files.iter().map(|file| folder.load_file(file)).collect();

    // Sorted by name, `double-charge-hard.ron` comes first and claims the id.
    let names: Vec<String> = files
        .iter()
        .map(|file| file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["double-charge-hard.ron", "double-charge.ron", "other.ron"]
    );
    assert!(reports[0].diagnostics.is_empty() && reports[0].scenario.is_some());
    assert!(reports[2].diagnostics.is_empty() && reports[2].scenario.is_some());
    let second = &reports[1];
    assert!(
        second.scenario.is_none(),
        "an error holds the scenario back"
    );
    let [duplicate] = second.diagnostics.as_slice() else {
        panic!("{}", second.render(false));
    };
    assert_eq!(duplicate.severity, Severity::Error);
    assert_eq!(
        duplicate.message,
        format!(
            "scenario id `test-minimal` is already used by {}; results are stored under the id, so the two would share one history and leaderboard",
            files[0].display()
        )
    );
    let at = locate(MINIMAL, &FieldPath::root().field("id"));
    assert_eq!((duplicate.line, duplicate.column), (at.line, at.column));
    assert!(duplicate.help.is_some());
    assert!(second.render(false).contains(r#"id: "test-minimal""#));

    // Each file on its own is fine: loading one file never looks at its neighbours.
    let alone = rapport_core::scenario::load_file(&files[1]);
    assert!(alone.diagnostics.is_empty());
}

#[test]
fn every_shipped_scenario_still_loads_with_no_errors_or_warnings() {
    use rapport_core::scenario::FolderCheck;
    // The whole folder, the template included, checked together as `rapport validate` does:
    // the answers above added checks, and none of them may fire on the shipped files.
    let files = common::shipped_scenarios();
    assert!(files.len() >= 13, "{files:?}");
    let mut folder = FolderCheck::default();
    for file in files {
        let report = folder.load_file(&file);
        assert!(
            report.diagnostics.is_empty() && report.scenario.is_some(),
            "{}:\n{}",
            file.display(),
            report.render(false)
        );
    }
}

#[test]
fn a_reply_may_carry_a_one_line_takeaway_that_the_exchange_keeps() {
    let source = edit(&[(
        r#"coaching: "You named the feeling and asked an open question.","#,
        r#"coaching: "You named the feeling and asked an open question.",
                    takeaway: "Name the feeling, then ask.","#,
    )]);
    let scenario = std::sync::Arc::new(loaded(&source));
    let start = scenario.node(scenario.start);
    let (index, response) = start
        .responses
        .iter()
        .enumerate()
        .find(|(_, r)| r.takeaway.is_some())
        .expect("the edited reply");
    assert_eq!(
        response.takeaway.as_deref(),
        Some("Name the feeling, then ask.")
    );
    let mut session = rapport_core::session::Session::new(std::sync::Arc::clone(&scenario), 1);
    let exchange = session
        .choose(rapport_core::session::Choice::Response(index as u8))
        .unwrap();
    assert_eq!(
        exchange.takeaway.as_deref(),
        Some("Name the feeling, then ask.")
    );
    assert!(
        exchange.coaching.contains("open question"),
        "the reasons stay"
    );
    // Left out, there is none: format 1 files show their coaching as before.
    let plain = loaded(MINIMAL);
    assert!(
        plain
            .nodes
            .iter()
            .flat_map(|node| &node.responses)
            .all(|response| response.takeaway.is_none())
    );
}

#[test]
fn a_takeaway_longer_than_one_line_is_refused_with_help() {
    let long = "x".repeat(121);
    let source = edit(&[(
        r#"coaching: "You named the feeling and asked an open question.","#,
        &format!(
            r#"coaching: "You named the feeling and asked an open question.",
                    takeaway: "{long}","#
        ),
    )]);
    let report = load(&source);
    assert!(report.scenario.is_none());
    let problem = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("takeaway"))
        .expect("the takeaway is named");
    assert_eq!(
        problem.message,
        "the takeaway is 121 characters long; a takeaway is one line of at most 120"
    );
    assert!(problem.help.as_deref().unwrap().contains("`coaching`"));
    // 120 is allowed.
    let fits = source.replace(&long, &"x".repeat(120));
    assert!(load(&fits).scenario.is_some());
}
