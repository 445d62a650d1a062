//! Files made to be slow: the validator must finish promptly on any of them (the game's hot
//! reload runs the same code). The inputs are generated here; how long they take is measured
//! in docs/performance.md, not asserted.

mod common;

use rapport_core::scenario::load_bytes;

/// MINIMAL with `count` extra nodes, each linking to an id that does not exist but is one
/// character from its own. Ids are `id_chars` long and share everything but their last digits,
/// so each "did you mean" comparison has to run their whole length.
fn broken_links(count: usize, id_chars: usize) -> String {
    let padding = "n".repeat(id_chars.saturating_sub(8));
    let mut nodes = String::new();
    for index in 0..count {
        nodes.push_str(&format!(
            r#"        NodeSpec(
            id: "{padding}{index:08}",
            says: ["Well?"],
            responses: [
                ResponseSpec(
                    text: "Let me look.",
                    skills: [Empathy],
                    coaching: "Fine.",
                    next: "{padding}x{index:08}",
                ),
            ],
        ),
"#
        ));
    }
    common::MINIMAL.replacen("    nodes: [\n", &format!("    nodes: [\n{nodes}"), 1)
}

#[test]
fn thousands_of_broken_links_with_long_ids_are_all_reported_and_few_get_hints() {
    let text = broken_links(3_000, 120);
    assert!(text.len() > 500_000, "a file of {} bytes", text.len());
    let report = load_bytes("hostile.ron", text.as_bytes());
    assert!(report.scenario.is_none());
    let broken: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("`next` names no node or ending"))
        .collect();
    // Every broken link counts: the first 100 problems are shown, the rest counted.
    assert_eq!(broken.len(), 100);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("2900 more problems (2900 errors")),
        "{:?}",
        report.diagnostics.last()
    );
    // 120-character ids are past the hint limit: none is suggested, and none is searched for.
    assert!(
        broken.iter().all(|d| d.help.is_none()),
        "{:?}",
        broken[0].help
    );
}

#[test]
fn only_the_first_misspellings_get_a_did_you_mean_hint() {
    // Short ids: each missing target is one character from a real one.
    let text = broken_links(300, 12);
    let report = load_bytes("typos.ron", text.as_bytes());
    let hints: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("`next` names no node or ending"))
        .map(|d| d.help.clone())
        .collect();
    assert!(hints.len() > 20);
    let given = hints.iter().filter(|help| help.is_some()).count();
    assert_eq!(given, 20, "the first 20 get a hint, the rest do not");
    assert!(hints[0].as_deref().unwrap().starts_with("did you mean `"));
}

#[test]
fn a_reply_with_thousands_of_tags_plays_and_debriefs_without_overflow() {
    use std::sync::Arc;

    use rapport_core::debrief::Debrief;
    use rapport_core::session::Session;

    let tags = vec!["Empathy"; 40_000].join(", ");
    let text = common::MINIMAL.replacen(
        "skills: [Empathy, ActiveListening],",
        &format!("skills: [{tags}],"),
        1,
    );
    assert_ne!(text, common::MINIMAL);
    let report = load_bytes("tags.ron", text.as_bytes());
    let scenario = Arc::new(
        report
            .scenario
            .expect("many tags are still a valid scenario"),
    );
    let mut session = Session::new(Arc::clone(&scenario), 9);
    while let Some(prompt) = session.prompt() {
        let first = prompt.options[0];
        session.choose(first).unwrap();
    }
    let debrief = Debrief::of(&session).unwrap();
    assert!(debrief.score <= 100);
}
