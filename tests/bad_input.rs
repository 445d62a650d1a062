//! The bad-input suite through `rapport validate`: every malformed or hostile file gets its
//! exact message at its exact place, a non-zero exit and no panic. (The game's side is in
//! `game_headless.rs`.)

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
    let report = rapport::scenario::load_bytes("markup.ron", text.as_bytes());
    let scenario = Arc::new(
        report
            .scenario
            .expect("markup is just text: the file is valid"),
    );
    // Whichever variant the seed picks, the marked-up one reaches the trainee unchanged.
    let shown: Vec<String> = (0..40)
        .map(|seed| {
            rapport::session::Session::new(Arc::clone(&scenario), seed)
                .prompt()
                .unwrap()
                .line
                .clone()
        })
        .collect();
    assert!(shown.iter().any(|line| line == markup), "{shown:?}");
}
