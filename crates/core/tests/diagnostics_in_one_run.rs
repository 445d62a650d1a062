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

/// Each diagnostic as `line:column: message`, in file order.
fn problems(text: &str) -> Vec<String> {
    let report = load_bytes("broken.ron", text.as_bytes());
    assert!(
        report.scenario.is_none(),
        "a file with errors gives no scenario"
    );
    report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect()
}

/// 1-based line and column of the first `needle` in `text`, after skipping `skip` of them.
fn position_of(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    let byte = text
        .match_indices(needle)
        .nth(skip)
        .expect("needle in text")
        .0;
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn a_misspelt_field_and_a_broken_link_elsewhere_are_both_reported_at_their_places() {
    let text = common::MINIMAL
        .replacen("coaching: \"You named", "coachng: \"You named", 1)
        .replacen("next: \"manager\",", "next: \"mangr\",", 1);
    let (misspelt_line, misspelt_column) = position_of(&text, "coachng", 0);
    let (link_line, link_column) = position_of(&text, "\"mangr\"", 0);
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with(&format!(
            "{misspelt_line}:{misspelt_column}: Unexpected field named `coachng`"
        )),
        "{found:#?}"
    );
    assert_eq!(
        found[1],
        format!("{link_line}:{link_column}: `next` names no node or ending: `mangr`")
    );
}

#[test]
fn a_missing_field_and_an_unknown_variant_elsewhere_are_both_reported() {
    let text = common::MINIMAL
        .replace("    channel: Phone,\n", "")
        .replacen("outcome: Resolved", "outcome: Happy", 1);
    let (variant_line, variant_column) = position_of(&text, "Happy", 0);
    let closing_line = text.lines().count();
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with(&format!(
            "{variant_line}:{variant_column}: Unexpected variant named `Happy`"
        )),
        "{found:#?}"
    );
    assert_eq!(
        found[1],
        format!("{closing_line}:1: Unexpected missing field named `channel` in `ScenarioFile`")
    );
}

#[test]
fn positions_after_a_placeholder_on_the_same_line_are_those_of_the_file_as_written() {
    // The missing `outcome` gets a placeholder before the first `)`, which moves the rest of
    // the line to the right in the repaired copy; the second error is reported where it is.
    let text = common::MINIMAL.replacen(
        "EndingSpec(id: \"resolved\", outcome: Resolved, text: \"Sam thanks you.\"),",
        "EndingSpec(id: \"resolved\", text: \"Sam thanks you.\"), \
         EndingSpec(id: \"extra\", outcome: Happy, text: \"x\"),",
        1,
    );
    let (missing_line, missing_column) = position_of(&text, "\"Sam thanks you.\")", 0);
    let missing_column = missing_column + "\"Sam thanks you.\"".len();
    let (variant_line, variant_column) = position_of(&text, "Happy", 0);
    assert_eq!(missing_line, variant_line);
    let found = problems(&text);
    assert!(
        found.contains(&format!(
            "{missing_line}:{missing_column}: Unexpected missing field named `outcome` in `EndingSpec`"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|problem| problem.starts_with(&format!(
            "{variant_line}:{variant_column}: Unexpected variant named `Happy`"
        ))),
        "{found:#?}"
    );
}

#[test]
fn a_syntax_error_is_reported_alone() {
    let text = common::MINIMAL
        .replace("difficulty: 1,", "difficulty: 1")
        .replacen("next: \"manager\",", "next: \"mangr\",", 1)
        .replacen("coaching: \"You named", "coachng: \"You named", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("Expected comma"), "{found:#?}");
}

#[test]
fn problems_a_repair_would_cause_are_not_reported() {
    let cases = [
        // Without its skills the reply would be "untagged"; the skills were there.
        (
            "skills: [Empathy, ActiveListening],",
            "skills: [Empathy, Listening],",
            "Unexpected variant named `Listening`",
        ),
        // The placeholder for `next` names no node.
        (
            "                    next: \"escalated\",\n",
            "",
            "Unexpected missing field named `next`",
        ),
        // The blanked `difficulty` is missing, then a placeholder.
        ("difficulty: 1,", "difficulty: \"two\",", "Expected integer"),
        (
            "difficulty: 1,",
            "difficulty: 300,",
            "Integer is out of bounds",
        ),
        // A misspelt field is reported once, not again as missing.
        (
            "    summary:",
            "    summry:",
            "Unexpected field named `summry`",
        ),
        (
            "NodeSpec(\n            id: \"details\"",
            "NodeSpek(\n            id: \"details\"",
            "Expected struct `NodeSpec`",
        ),
        (
            "AtLeast(Trust, 60)",
            "AtLeast(Trust)",
            "Expected tuple variant",
        ),
    ];
    for (from, to, message) in cases {
        let text = common::MINIMAL.replacen(from, to, 1);
        assert_ne!(text, common::MINIMAL, "{from}");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{to}: {found:#?}");
        assert!(found[0].contains(message), "{to}: {found:#?}");
    }
}

#[test]
fn each_missing_required_field_is_reported_once_and_nothing_else() {
    let required = [
        (
            "                next: \"details\",\n            ),",
            "            ),",
        ),
        ("    format_version: 1,\n", ""),
        ("    id: \"test-minimal\",\n", ""),
        ("    title: \"Test: a double charge\",\n", ""),
        ("    summary: \"A customer was charged twice.\",\n", ""),
        ("    difficulty: 1,\n", ""),
        ("    channel: Phone,\n", ""),
        ("    skills: [Empathy, ActiveListening, Ownership],\n", ""),
        ("    estimated_minutes: 2,\n", ""),
        ("        name: \"Sam\",\n", ""),
        ("        situation: \"Charged twice for one order.\",\n", ""),
        ("        satisfaction: 40,\n", ""),
        ("        trust: 50,\n", ""),
        ("        patience: 40,\n", ""),
        ("    start: \"opening\",\n", ""),
        ("    walkout: \"hangs-up\",\n", ""),
        ("            says: [\"Get me your manager.\"],\n", ""),
        ("                    text: \"I'll transfer you.\",\n", ""),
        (
            "                    coaching: \"Sometimes escalation is right; better to have avoided it.\",\n",
            "",
        ),
        ("                seconds: 10,\n", ""),
        (
            "                coaching: \"Silence on the phone feels like nobody is listening.\",\n",
            "",
        ),
        ("when: [Flag(\"rushed\")], ", ""),
        (", says: \"You didn't even let me finish.\"", ""),
        ("outcome: Escalated, ", ""),
        (", text: \"Sam hangs up.\"", ""),
    ];
    for (field, rest) in required {
        let text = common::MINIMAL.replacen(field, rest, 1);
        assert_ne!(text, common::MINIMAL, "{field}");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{field}: {found:#?}");
        assert!(found[0].contains("missing field"), "{field}: {found:#?}");
    }
}

#[test]
fn thousands_of_misspelt_fields_end_quickly_with_the_cap_and_a_line_saying_so() {
    let response = "                ResponseSpec(\n                    text: \"Okay.\",\n                    \
                    skills: [Empathy],\n                    coachng: \"Fine.\",\n                    \
                    next: \"details\",\n                ),\n";
    let at = common::MINIMAL.find("            responses: [\n").unwrap() + 25;
    let mut text = common::MINIMAL.to_owned();
    text.insert_str(at, &response.repeat(3000));
    let started = std::time::Instant::now();
    let report = load_bytes("hostile.ron", text.as_bytes());
    let took = started.elapsed();
    assert!(report.scenario.is_none());
    assert_eq!(
        report.diagnostics.len(),
        101,
        "{:#?}",
        report
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    let misspelt = report
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("Unexpected field named `coachng`"))
        .count();
    assert_eq!(misspelt, 100);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("checking stopped after 100 errors")),
        "{}",
        report.render(false)
    );
    assert!(took.as_secs() < 20, "took {took:?}");
}

#[test]
fn misspelt_fields_at_the_end_of_a_large_file_stop_at_the_reading_budget() {
    // Every repair reads the file again up to its next error: here, most of 4 MB each time.
    let mut text = common::generate_large(4_500);
    let endings = text.rfind("    endings: [").unwrap();
    let misspelt = "        EndingSpec(id: \"x\", outcome: Resolved, txt: \"x\"),\n".repeat(500);
    text.insert_str(endings + "    endings: [\n".len(), &misspelt);
    assert!(text.len() > 4_000_000);
    let started = std::time::Instant::now();
    let report = load_bytes("large.ron", text.as_bytes());
    let took = started.elapsed();
    assert!(report.scenario.is_none());
    assert!(report.diagnostics.len() <= 101);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("checking stopped after")),
        "{}",
        report.diagnostics.len()
    );
    eprintln!("{} diagnostics in {took:?}", report.diagnostics.len());
    assert!(took.as_secs() < 30, "took {took:?}");
}

#[test]
fn every_one_line_cut_or_misspelling_of_a_file_reads_without_panic_at_real_positions() {
    let lines: Vec<&str> = common::MINIMAL.lines().collect();
    let mut variants = Vec::new();
    for cut in 0..lines.len() {
        let mut kept = lines.clone();
        kept.remove(cut);
        variants.push(kept.join("\n"));
    }
    for (at, _) in common::MINIMAL.match_indices(|c: char| c.is_ascii_alphabetic()) {
        // Misspell each word once, at its first letter: field names, variants, struct names.
        if common::MINIMAL[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '"') {
            continue;
        }
        let mut text = common::MINIMAL.to_owned();
        text.insert(at, 'q');
        variants.push(text);
    }
    for text in variants {
        let report = load_bytes("variant.ron", text.as_bytes());
        assert_eq!(report.has_errors(), report.scenario.is_none());
        let line_count = text.lines().count();
        for diagnostic in &report.diagnostics {
            assert!(diagnostic.line <= line_count + 1, "{diagnostic}\n{text}");
            let line = text.lines().nth(diagnostic.line - 1).unwrap_or("");
            assert!(
                diagnostic.column <= line.chars().count() + 1,
                "{diagnostic}\n{text}"
            );
        }
        report.render(false);
    }
}

#[test]
fn each_bad_input_still_gets_its_located_message() {
    for case in common::bad_inputs() {
        let report = load_bytes(case.name, &case.bytes);
        assert!(report.scenario.is_none(), "{}", case.name);
        assert!(
            report.diagnostics.iter().any(|d| d.to_string()
                == format!(
                    "{}:{}:{}: error: {}",
                    case.name, case.line, case.column, case.message
                )),
            "{}: {:#?}",
            case.name,
            report
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_field_of_another_struct_ends_the_reading_as_an_unclosed_bracket_would() {
    // `Effect(` is never closed: `coaching`, `next` and the next reply look like its fields.
    let text = common::MINIMAL.replacen(
        "Effect(satisfaction: 10, trust: 10),",
        "Effect(satisfaction: 10, trust: 10,",
        1,
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("Unexpected field named `coaching` in `Effect`"));
}

#[test]
fn a_missing_node_id_is_reported_without_the_links_it_seems_to_break() {
    let text = common::MINIMAL
        .replacen("            id: \"details\",\n", "", 1)
        .replacen("    summary:", "    summry:", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].contains("Unexpected field named `summry`"),
        "{found:#?}"
    );
    assert!(
        found[1].contains("missing field named `id` in `NodeSpec`"),
        "{found:#?}"
    );
}
