//! Every independent problem in a file is reported in one run, each at its place: many
//! warnings in a large file (located in one walk), and schema errors (a misspelt or missing
//! field, an unknown variant, a wrong type) beside the problems elsewhere in the file.

mod common;

use rapport_core::scenario::{Severity, load_bytes};

#[test]
fn the_benchmarks_warning_file_is_400_kb_with_47_warnings_at_their_replies() {
    let text = common::generate_large_with_untagged(400, 47);
    assert!(
        (380_000..440_000).contains(&text.len()),
        "{} bytes",
        text.len()
    );
    let report = load_bytes("warnings.ron", text.as_bytes());
    assert!(report.scenario.is_some(), "{}", report.render(false));
    assert_eq!(report.diagnostics.len(), 47, "{}", report.render(false));
    for diagnostic in &report.diagnostics {
        assert_eq!(diagnostic.severity, Severity::Warning);
        let line = text.lines().nth(diagnostic.line - 1).unwrap();
        let at: String = line.chars().skip(diagnostic.column - 1).take(13).collect();
        assert_eq!(at, "\"I hear you. ", "{diagnostic}");
    }
}
