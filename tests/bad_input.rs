//! The bad-input suite through `rapport validate`: every malformed or hostile file gets its
//! exact message at its exact place, a non-zero exit and no panic. (The game's side is in
//! `game_headless.rs`.)

#[path = "../crates/core/tests/common/mod.rs"]
mod common;

use std::process::Command;

#[test]
fn every_bad_input_gets_its_located_message_and_exit_one() {
    let folder = std::env::temp_dir().join(format!("rapport-bad-input-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    for case in common::bad_inputs() {
        let file = folder.join(format!("{}.ron", case.name));
        std::fs::write(&file, &case.bytes).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["validate", &file.display().to_string()])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&output.stdout);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{}: {out}{err}", case.name);
        assert!(!err.contains("panicked"), "{}: {err}", case.name);
        let message = format!("Error: {}\n", case.message);
        let place = format!("{}.ron:{}:{} ]", case.name, case.line, case.column);
        // A line too long to echo under a caret is reported on one compiler-style line.
        let compact = format!(
            "{}.ron:{}:{}: error: {}",
            case.name, case.line, case.column, case.message
        );
        assert!(
            (out.contains(&message) && out.contains(&place)) || out.contains(&compact),
            "{}: expected `{message}` at `{place}` in\n{out}",
            case.name
        );
    }
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn markup_and_addresses_in_a_scenario_are_only_words() {
    use std::sync::Arc;

    let markup =
        "<script>alert(1)</script> [click](https://evil.example/x) <b>now</b> ../../etc/passwd";
    let text = common::MINIMAL.replace("I was charged twice.", markup);
    let report = rapport_core::scenario::load_bytes("markup.ron", text.as_bytes());
    let scenario = Arc::new(
        report
            .scenario
            .expect("markup is just text: the file is valid"),
    );
    // Whichever variant the seed picks, the marked-up one reaches the trainee unchanged.
    let shown: Vec<String> = (0..40)
        .map(|seed| {
            rapport_core::session::Session::new(Arc::clone(&scenario), seed)
                .prompt()
                .unwrap()
                .line
                .clone()
        })
        .collect();
    assert!(shown.iter().any(|line| line == markup), "{shown:?}");
}

/// MINIMAL with `extra` more small nodes, none of which any path reaches.
fn with_extra_nodes(extra: usize) -> String {
    let at = common::MINIMAL.find("    nodes: [\n").unwrap() + "    nodes: [\n".len();
    let mut text = common::MINIMAL[..at].to_owned();
    for index in 0..extra {
        text.push_str(&format!(
            "        NodeSpec(id: \"extra-{index}\", says: [\"x\"], responses: [ResponseSpec(text: \"y\", skills: [Empathy], coaching: \"z\", next: \"details\")]),\n"
        ));
    }
    text.push_str(&common::MINIMAL[at..]);
    text
}

#[test]
fn more_nodes_than_the_limit_is_a_located_error() {
    let text = with_extra_nodes(20_001);
    let report = rapport_core::scenario::load_bytes("many.ron", text.as_bytes());
    assert!(report.scenario.is_none());
    let error = report
        .diagnostics
        .iter()
        .find(|d| d.message == "20004 nodes is more than the 20000 a scenario may have")
        .unwrap_or_else(|| panic!("{}", report.render(false)));
    let nodes_line = text
        .lines()
        .position(|line| line.starts_with("    nodes:"))
        .unwrap()
        + 1;
    assert_eq!((error.line, error.column), (nodes_line, 12));
}

#[test]
fn thousands_of_problems_are_counted_not_each_located() {
    // Every extra node is unreachable: 19,000 warnings. All are located in one walk of the
    // text (one walk each took over ten minutes once); the first 100 are shown, the rest counted.
    let text = with_extra_nodes(19_000);
    let report = rapport_core::scenario::load_bytes("unreached.ron", text.as_bytes());
    assert!(report.scenario.is_some(), "warnings do not stop a scenario");
    assert_eq!(
        report.diagnostics.len(),
        rapport_core::scenario::load::MAX_REPORTED + 1
    );
    let note = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("more problems"))
        .unwrap();
    assert_eq!(
        note.message,
        "18900 more problems (0 errors, 18900 warnings) are not shown; only the first 100 are"
    );
}
