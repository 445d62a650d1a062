//! The `rapport` command line: exit codes and located messages for good and bad files.

#[path = "../crates/core/tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::{MINIMAL, chain_scenario};

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the rapport binary runs")
}

fn rapport_with_input(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rapport binary runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("input written");
    child.wait_with_output().expect("rapport finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A temporary folder that is removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("rapport-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("scratch file written");
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Validates `text` as a file and returns (exit code, output).
fn validate_text(name: &str, text: impl AsRef<[u8]>) -> (i32, String, String) {
    let scratch = Scratch::new(name);
    let file = scratch.write(&format!("{name}.ron"), text);
    let output = rapport(&["validate", &file]);
    assert!(
        output.status.code().is_some(),
        "rapport was killed by a signal"
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "rapport panicked: {stderr}");
    (output.status.code().unwrap_or(-1), stdout(&output), file)
}

#[test]
fn shipped_scenarios_validate_cleanly() {
    let output = rapport(&["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 errors"), "{}", stdout(&output));
}

#[test]
fn a_valid_file_passes_with_exit_zero() {
    let (code, out, _) = validate_text("valid", MINIMAL);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 file checked: 0 errors"), "{out}");
}

#[test]
fn unknown_next_is_located_at_its_line_and_column_with_the_node() {
    let broken = MINIMAL.replace("next: \"manager\"", "next: \"manger\"");
    let (code, out, file) = validate_text("unknown-next", broken);
    assert_eq!(code, 1, "{out}");
    let line = MINIMAL
        .lines()
        .position(|l| l.contains("next: \"manager\""))
        .unwrap()
        + 1;
    let column = MINIMAL
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"manager\"")
        .unwrap()
        + 1;
    assert!(
        out.contains(&format!("{file}:{line}:{column}")),
        "expected {file}:{line}:{column} in\n{out}"
    );
    assert!(
        out.contains("`next` names no node or ending: `manger` (node `opening`)"),
        "{out}"
    );
    assert!(out.contains("did you mean `manager`?"), "{out}");
    assert!(out.contains('^'), "a caret marks the spot:\n{out}");
}

#[test]
fn syntax_error_is_reported_where_ron_finds_it() {
    let broken = MINIMAL.replace("difficulty: 1,", "difficulty: 1");
    let (code, out, file) = validate_text("syntax", broken);
    assert_eq!(code, 1, "{out}");
    let line = MINIMAL
        .lines()
        .position(|l| l.contains("channel: Phone"))
        .unwrap()
        + 1;
    assert!(out.contains(&format!("{file}:{line}:5")), "{out}");
}

#[test]
fn unknown_field_is_an_error_naming_the_field() {
    let broken = MINIMAL.replace(
        "estimated_minutes: 2,",
        "estimated_minutes: 2,\n    colour: \"red\",",
    );
    let (code, out, file) = validate_text("unknown-field", broken);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("colour"), "{out}");
    let line = MINIMAL
        .lines()
        .position(|l| l.contains("estimated_minutes"))
        .unwrap()
        + 2;
    assert!(out.contains(&format!("{file}:{line}:")), "{out}");
}

#[test]
fn duplicate_ids_are_errors_at_the_second_id() {
    let broken = MINIMAL.replace("id: \"manager\"", "id: \"details\"");
    let (code, out, file) = validate_text("duplicate", broken);
    assert_eq!(code, 1, "{out}");
    let line = MINIMAL
        .lines()
        .position(|l| l.contains("id: \"manager\""))
        .unwrap()
        + 1;
    assert!(out.contains(&format!("{file}:{line}:17")), "{out}");
    assert!(out.contains("duplicate id `details`"), "{out}");
    assert!(
        !out.contains("no path from `start`"),
        "unreachable warnings echo the error:\n{out}"
    );
}

#[test]
fn out_of_range_values_name_the_value_and_the_node() {
    let broken = MINIMAL.replace(
        "effect: Effect(satisfaction: 30, trust: 20)",
        "effect: Effect(satisfaction: 130, trust: 20)",
    );
    let (code, out, _) = validate_text("range", broken);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("a change of 130 to satisfaction is out of range"),
        "{out}"
    );
    assert!(out.contains("(node `details`)"), "{out}");
    let broken = MINIMAL.replace("satisfaction: 40,", "satisfaction: 140,");
    let (code, out, _) = validate_text("range-start", broken);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("starting satisfaction is 140"), "{out}");
}

#[test]
fn empty_texts_are_errors() {
    let broken = MINIMAL.replace("text: \"I'll transfer you.\"", "text: \"  \"");
    let (code, out, _) = validate_text("empty-text", broken);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the response text is empty (node `manager`)"),
        "{out}"
    );
}

#[test]
fn a_node_with_no_way_out_is_a_dead_end_error() {
    let start = MINIMAL.find("            responses: [\n                ResponseSpec(\n                    text: \"I'll transfer you.\"").unwrap();
    let end = start + MINIMAL[start..].find("            ],\n").unwrap() + "            ],\n".len();
    let broken = format!(
        "{}            responses: [],\n{}",
        &MINIMAL[..start],
        &MINIMAL[end..]
    );
    let (code, out, _) = validate_text("dead-end", broken);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("dead end") && out.contains("(node `manager`)"),
        "{out}"
    );
}

#[test]
fn a_loop_no_path_leaves_is_an_error() {
    let broken = MINIMAL.replace("next: \"escalated\",", "next: \"manager\",");
    let (code, out, _) = validate_text("loop", broken);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a loop that can never end"), "{out}");
    assert!(out.contains("manager"), "{out}");
}

#[test]
fn unreachable_nodes_and_endings_are_warnings_that_do_not_fail() {
    let extra = MINIMAL.replace(
        "    endings: [",
        "    endings: [\n        EndingSpec(id: \"never\", outcome: Resolved, text: \"Never reached.\"),",
    );
    let (code, out, _) = validate_text("unreachable", extra);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Warning: no path from `start` reaches ending `never`"),
        "{out}"
    );
    assert!(out.contains("1 warning"), "{out}");
}

#[test]
fn hostile_input_gets_a_clear_error_and_no_panic() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "the file is empty"),
        (
            "garbage",
            (0u8..=255).cycle().take(4096).collect(),
            "not valid UTF-8",
        ),
        (
            "binary-ascii",
            b"\x00\x01\x02ScenarioFile(\x07".to_vec(),
            "error",
        ),
        (
            "huge-string",
            {
                let mut text = b"ScenarioFile(id: \"".to_vec();
                text.extend(std::iter::repeat_n(b'x', 20 * 1024 * 1024));
                text.extend(b"\")");
                text
            },
            "larger than 16 MiB",
        ),
        (
            "deep",
            {
                let mut text = b"ScenarioFile(nodes: ".to_vec();
                text.extend(std::iter::repeat_n(b'[', 5000));
                text.extend(std::iter::repeat_n(b']', 5000));
                text.push(b')');
                text
            },
            "deep.ron:1:22: error: Expected opening `(` for struct `NodeSpec`",
        ),
        (
            "truncated-utf8",
            {
                let mut text = MINIMAL
                    .replace("Sam thanks you.", "Sam thanks you ❤")
                    .into_bytes();
                let heart = text.windows(3).position(|w| w == "❤".as_bytes()).unwrap();
                text.truncate(heart + 2);
                text
            },
            "not valid UTF-8",
        ),
        (
            "truncated",
            MINIMAL.as_bytes()[..MINIMAL.len() / 2].to_vec(),
            "error",
        ),
        (
            "huge-number",
            MINIMAL
                .replace("difficulty: 1,", "difficulty: 99999999999999999999999,")
                .into_bytes(),
            "error",
        ),
    ];
    for (name, bytes, expected) in cases {
        let (code, out, _) = validate_text(name, bytes);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(
            out.contains(expected),
            "{name}: expected `{expected}` in\n{out}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    bytes.extend(MINIMAL.as_bytes());
    let (code, out, _) = validate_text("bom", bytes);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn validate_exits_one_if_any_file_in_a_folder_has_errors() {
    let scratch = Scratch::new("folder");
    scratch.write("good.ron", MINIMAL);
    scratch.write(
        "bad.ron",
        MINIMAL.replace("start: \"opening\"", "start: \"nowhere\""),
    );
    let output = rapport(&["validate", &scratch.0.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains("2 files checked: 1 error"), "{out}");
    assert!(out.contains("FAILED") && out.contains("bad.ron"), "{out}");
}

#[test]
fn validate_reports_two_files_in_a_folder_with_one_scenario_id() {
    let scratch = Scratch::new("same-id");
    let first = scratch.write("a-original.ron", MINIMAL);
    let copy = scratch.write("b-copy.ron", MINIMAL);
    let output = rapport(&["validate", &scratch.0.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let line = MINIMAL
        .lines()
        .position(|l| l.contains("id: \"test-minimal\""))
        .unwrap()
        + 1;
    assert!(out.contains(&format!("{copy}:{line}:9")), "{out}");
    assert!(
        out.contains(&format!(
            "scenario id `test-minimal` is already used by {first}"
        )),
        "{out}"
    );
    assert!(out.contains("give one of them a new id"), "{out}");
    assert!(
        out.contains("    ok  ") && out.contains("FAILED  "),
        "{out}"
    );
    assert!(
        out.contains("2 files checked: 1 error, 0 warnings"),
        "{out}"
    );
}

#[test]
fn analyze_json_reports_best_and_worst_with_their_paths() {
    let scratch = Scratch::new("analyze");
    let file = scratch.write("minimal.ron", MINIMAL);
    let output = rapport(&["analyze", &file, "--json", "--bots", "20"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let analysis = &json["analysis"];
    assert_eq!(analysis["best"]["score"], 100);
    assert_eq!(analysis["best"]["ending"], "resolved");
    assert!(analysis["worst"]["score"].as_u64().unwrap() < 100);
    assert!(!analysis["best"]["path"].as_array().unwrap().is_empty());
    let bots: Vec<&str> = json["bots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bot| bot["bot"].as_str().unwrap())
        .collect();
    assert_eq!(bots, ["random", "greedy", "adversarial", "surface"]);
    for bot in json["bots"].as_array().unwrap() {
        assert!(bot["mean"].is_f64() && bot["max"].is_u64(), "{bot}");
    }
    let cues = &analysis["cues"];
    assert_eq!(cues["decisions"], analysis["bias"]["decisions"]);
    for field in ["best_in_top_two_by_length", "top_two_by_chance"] {
        assert!(cues[field].is_f64(), "{field} in {cues}");
    }
    assert!(cues["short"]["best_share"].is_f64(), "{cues}");
    assert_eq!(cues["tells"][0]["tell"], "!");
    assert_eq!(json["bots"][0]["runs"], 20);
}

#[test]
fn analyze_prints_a_readable_report() {
    let scratch = Scratch::new("analyze-text");
    let file = scratch.write("minimal.ron", MINIMAL);
    let output = rapport(&["analyze", &file]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    for expected in [
        "Best: score 100",
        "Worst: score",
        "Endings:",
        "distinct paths",
        "Authoring bias",
        "Surface cues over the same decisions",
        "one of the two longest",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
}

const LONG_RIGHT: &str = "I can hear how much this has cost you this week, and I am sorry. Could you walk me through what happened when the parcel did not arrive?";

/// A library of two chain scenarios: two decisions whose best reply is the longest, then three
/// whose best reply is the shortest of four; and a draft for authors, left out.
fn cue_library(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    let longest_best: &[(&str, bool)] = &[
        ("Parcels are often late!", false),
        (LONG_RIGHT, true),
        ("Please check the tracking page!", false),
    ];
    let shortest_best: &[(&str, bool)] = &[
        (LONG_RIGHT, false),
        (
            "I know the parcel is late and I can see it is still at the depot since Monday.",
            false,
        ),
        (
            "Can you bear with me a moment while I look up where it is?",
            false,
        ),
        ("Where is it now?", true),
    ];
    scratch.write("a.ron", chain_scenario("two-long", &[longest_best; 2]));
    scratch.write("b.ron", chain_scenario("three-short", &[shortest_best; 3]));
    scratch.write("_draft.ron", "not even RON");
    scratch
}

#[test]
fn analyze_a_folder_prints_each_scenario_and_the_pooled_library() {
    let library = cue_library("analyze-library");
    let folder = library.0.display().to_string();
    let output = rapport(&["analyze", &folder, "--bots", "5", "--tell", "parcel"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    for expected in [
        "Surface cues of 2 scenarios",
        "_draft.ron",
        "best in top two",
        "short reply best",
        "flagged tells",
        "library (pooled)",
        "\"parcel\"",
        "Bots (5 runs each per scenario, first seed 1): mean / best score",
        "surface",
        "scenarios where best is 100",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
    let row = |name: &str| {
        out.lines()
            .find(|line| line.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no row {name} in\n{out}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    // Decisions, then the share with a best reply in the top two, pooled over all five.
    assert_eq!(row("two-long")[1..3], ["2", "100%"]);
    assert_eq!(row("three-short")[1..3], ["3", "0%"]);
    assert_eq!(row("library (pooled)")[2..4], ["5", "40%"]);
    // "!" is in four replies, none best: too few to flag.
    assert!(out.contains("\"!\" 0/4\n"), "{out}");
}

#[test]
fn analyze_a_folder_as_json_gives_rows_the_pooled_total_and_bots() {
    let library = cue_library("analyze-library-json");
    let folder = library.0.display().to_string();
    let output = rapport(&["analyze", &folder, "--json", "--bots", "4", "--seed", "9"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let rows = json["scenarios"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["scenario_id"], "two-long");
    assert!(rows[0]["file"].as_str().unwrap().ends_with("a.ron"));
    assert_eq!(rows[0]["cues"]["decisions"], 2);
    assert_eq!(rows[1]["bots"].as_array().unwrap().len(), 4);
    assert_eq!(json["total"]["decisions"], 5);
    assert_eq!(json["total"]["replies"], 18);
    assert!((json["total"]["best_in_top_two_by_length"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    assert!(json["total"]["short"]["by_chance"].is_f64());
    let bots = json["bots"].as_array().unwrap();
    assert_eq!(bots.len(), 4);
    assert_eq!(bots[3]["bot"], "surface");
    assert_eq!(bots[3]["runs"], 8);
    assert!(bots[1]["scenarios_at_100"].is_u64());
    assert_eq!(json["seed"], 9);
    assert!(
        json["left_out"][0]
            .as_str()
            .unwrap()
            .ends_with("_draft.ron")
    );
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn analyze_a_folder_with_a_broken_file_reports_it_and_fails() {
    let library = cue_library("analyze-library-broken");
    library.write(
        "broken.ron",
        MINIMAL.replace("walkout: \"hangs-up\"", "walkout: \"opening\""),
    );
    let folder = library.0.display().to_string();
    let output = rapport(&["analyze", &folder]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("left out of the table: it has errors"),
        "{out}"
    );
    assert!(out.contains("Surface cues of 2 scenarios"), "{out}");
}

#[test]
fn analyze_refuses_a_broken_file_with_its_errors() {
    let scratch = Scratch::new("analyze-broken");
    let file = scratch.write(
        "broken.ron",
        MINIMAL.replace("walkout: \"hangs-up\"", "walkout: \"opening\""),
    );
    let output = rapport(&["analyze", &file]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("`walkout` names a node"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn text_play_coaches_each_choice_and_ends_with_a_debrief() {
    let scratch = Scratch::new("play");
    let file = scratch.write("minimal.ron", MINIMAL);
    // Replies are shuffled by seed, so answer "1" until the conversation ends.
    let output = rapport_with_input(
        &["play", "--text", &file, "--seed", "7"],
        "abc\n1\n1\n1\n1\n1\n",
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.contains("Please type a number from 1 to"), "{out}");
    assert!(out.contains("--- coaching ---"), "{out}");
    assert!(
        out.contains("=== Debrief: Test: a double charge ==="),
        "{out}"
    );
    assert!(out.contains("Customer satisfaction (CSAT)"), "{out}");
    assert!(out.contains("Customer effort:"), "{out}");
    assert!(out.contains("Overall score:"), "{out}");
    assert!(out.contains("--seed 7"), "{out}");
    // The minimal scenario's best path shows empathy once: too little to score.
    assert!(out.contains("not enough evidence"), "{out}");
}

#[test]
fn the_text_debrief_says_what_was_kept_and_what_it_cost() {
    let scratch = Scratch::new("money");
    let priced = MINIMAL
        .replace(
            "    start: \"opening\",",
            "    customer_value: ValueSpec(per_year: 480, currency: \"£\"),\n    start: \"opening\",",
        )
        .replace(
            "coaching: \"You summarised and owned the next step.\",",
            "cost: 40,\n                    coaching: \"You summarised and owned the next step.\",",
        );
    let file = scratch.write("priced.ron", priced);
    let analysed = rapport(&["analyze", &file]);
    let out = stdout(&analysed);
    assert!(out.contains("£480 a year kept for £40 spent"), "{out}");
    // Answer "1" until the end; whichever path it takes, the money line is printed.
    let played = rapport_with_input(&["play", "--text", &file, "--seed", "7"], "1\n1\n1\n1\n1\n");
    let out = stdout(&played);
    assert_eq!(played.status.code(), Some(0), "{out}");
    assert!(out.contains("Money:"), "{out}");
    assert!(out.contains("a year"), "{out}");
}

#[test]
fn text_play_shows_the_customers_reaction_before_the_coaching_and_assess_holds_it() {
    let scratch = Scratch::new("play-reaction");
    let file = scratch.write("minimal.ron", MINIMAL);
    let output = rapport_with_input(&["play", "--text", &file, "--seed", "7"], "1\n1\n1\n1\n");
    let out = stdout(&output);
    // After the first reply: the customer's next line, then the card, then the replies.
    let first_reply = out.find("Your reply").unwrap();
    let card = first_reply + out[first_reply..].find("--- coaching ---").unwrap();
    let reaction = first_reply + out[first_reply..].find("Sam: \"").unwrap();
    assert!(
        reaction < card,
        "the reaction comes before the card:\n{out}"
    );
    let next_replies = card + out[card..].find("  1) ").unwrap();
    assert!(card < next_replies, "{out}");

    let output = rapport_with_input(
        &["play", "--text", &file, "--seed", "7", "--assess"],
        "1\n1\n1\n1\n",
    );
    let assessed = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{assessed}");
    assert!(!assessed.contains("--- coaching ---"), "{assessed}");
    assert!(
        assessed.contains("Assessment: the coaching for every reply is in the debrief below."),
        "{assessed}"
    );
    let coached_turns = assessed.matches("Coach: ").count();
    assert_eq!(
        coached_turns,
        out.matches("--- coaching ---").count(),
        "every card is in the debrief: {assessed}"
    );
}

#[test]
fn text_play_shows_a_takeaway_first_and_the_reasons_after_it() {
    let scratch = Scratch::new("play-takeaway");
    let coaching = r#"coaching: "Blaming someone else never helps the customer.","#;
    assert!(MINIMAL.contains(coaching));
    let source = MINIMAL.replacen(
        coaching,
        &format!("{coaching} takeaway: \"Own it; never blame the bank.\","),
        1,
    );
    let file = scratch.write("takeaway.ron", &source);
    // Replies are shuffled by seed: pick the blaming reply by its text.
    let first = rapport_with_input(&["play", "--text", &file, "--seed", "7"], "");
    let out = stdout(&first);
    let number = out
        .lines()
        .find(|line| line.contains("The bank must have made a mistake."))
        .and_then(|line| line.trim().chars().next())
        .unwrap();
    let output = rapport_with_input(
        &["play", "--text", &file, "--seed", "7"],
        &format!("{number}\n1\n1\n1\n"),
    );
    let out = stdout(&output);
    let lesson = out
        .find("  Own it; never blame the bank.")
        .unwrap_or_else(|| panic!("{out}"));
    let why = out
        .find("  Why: Blaming someone else never helps the customer.")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(lesson < why, "{out}");
    assert!(
        out.contains("Lesson: Own it; never blame the bank."),
        "{out}"
    );
}

#[test]
fn text_play_of_the_tutorial_gives_no_score_and_stores_nothing() {
    let scratch = Scratch::new("play-tutorial");
    let data = scratch.0.join("data").display().to_string();
    let tutorial = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/tutorial-first-call.ron"
    );
    let output = rapport_with_input(
        &[
            "--data-dir",
            &data,
            "play",
            "--text",
            tutorial,
            "--seed",
            "1",
            "--trainee",
            "Dana",
        ],
        "1\n1\n1\n",
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("This was the tutorial: nothing is scored or saved."),
        "{out}"
    );
    assert!(!out.contains("Overall score"), "{out}");
    assert!(!out.contains("Saved for"), "{out}");
    // Not even opened: a tutorial leaves no results file behind.
    assert!(
        !std::path::Path::new(&data)
            .join(rapport_store::FILE_NAME)
            .exists(),
        "nothing stored"
    );
}

/// Every shipped scenario plays in the terminal along its best path to its debrief, and
/// scores 100 (the tutorial: no score).
#[test]
fn every_shipped_scenario_plays_in_the_terminal_to_its_debrief() {
    use rapport_core::analysis::Analysis;
    use rapport_core::session::{Choice, Session};
    for path in common::shipped_scenarios() {
        if path.file_name().unwrap().to_string_lossy().starts_with('_') {
            continue;
        }
        let scenario = std::sync::Arc::new(
            rapport_core::scenario::load_file(&path)
                .scenario
                .unwrap_or_else(|| panic!("{} loads", path.display())),
        );
        let mut session = Session::new(std::sync::Arc::clone(&scenario), 1);
        let mut input = String::new();
        for choice in Analysis::of(&scenario).best_choices() {
            let prompt = session.prompt().unwrap();
            let number = match choice {
                Choice::Silence => 0,
                _ => prompt.options.iter().position(|o| *o == choice).unwrap() + 1,
            };
            input.push_str(&format!("{number}\n"));
            session.choose(choice).unwrap();
        }
        let file = path.display().to_string();
        let output = rapport_with_input(&["play", "--text", &file, "--seed", "1"], &input);
        let out = stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{file}:\n{out}");
        let ending = session.ending().unwrap();
        assert!(
            out.contains(&ending.text),
            "{file}: the ending is shown\n{out}"
        );
        if scenario.meta.scored {
            assert!(
                out.contains("Overall score:                100/100"),
                "{file}:\n{out}"
            );
        } else {
            assert!(out.contains("This was the tutorial"), "{file}:\n{out}");
        }
    }
}

#[test]
fn text_play_names_a_second_speaker_and_shows_an_aside_as_written() {
    let scratch = Scratch::new("play-speaker");
    let scenario = MINIMAL.replacen(
        "            direction: \"sighs\",\n            says: [\"I was charged twice.\", \"You took my money twice!\"],",
        "            speaker: \"Priya, Sam's partner\",\n            direction: \"on speaker, over Sam\",\n            says: [\"(to Sam) Let me. (to you) We were charged twice.\"],",
        1,
    );
    assert_ne!(scenario, MINIMAL);
    let file = scratch.write("speaker.ron", &scenario);
    let output = rapport_with_input(&["play", "--text", &file, "--seed", "5"], "1\n");
    let out = stdout(&output);
    assert!(
        out.contains("  *on speaker, over Sam*\nPriya, Sam's partner: \"(to Sam) Let me. (to you) We were charged twice.\""),
        "{out}"
    );
    // The next node has no speaker: the customer speaks again.
    assert!(out.contains("\nSam: \""), "{out}");
}

#[test]
fn text_play_says_what_a_silence_stands_for_in_story_time() {
    let scratch = Scratch::new("play-story-time");
    let overnight = MINIMAL.replacen(
        "seconds: 10,",
        "seconds: 120, story_time: \"overnight\",",
        1,
    );
    assert_ne!(overnight, MINIMAL);
    let file = scratch.write("overnight.ron", &overnight);
    let output = rapport_with_input(&["play", "--text", &file, "--seed", "5"], "0\n");
    let out = stdout(&output);
    assert!(
        out.contains("  0) Say nothing yet (the customer waits overnight)"),
        "{out}"
    );
    assert!(
        out.contains("  You stayed silent; the customer waited overnight."),
        "{out}"
    );
    // Without `story_time` the wait is the seconds, as before.
    let file = scratch.write("minimal.ron", MINIMAL);
    let output = rapport_with_input(&["play", "--text", &file, "--seed", "5"], "0\n");
    let out = stdout(&output);
    assert!(
        out.contains("  0) Say nothing yet (the customer waits 10 s)"),
        "{out}"
    );
    assert!(out.contains("  You stayed silent.\n"), "{out}");
}

#[test]
fn text_play_with_the_same_seed_and_choices_prints_the_same_session() {
    let scratch = Scratch::new("play-same");
    let file = scratch.write("minimal.ron", MINIMAL);
    let first = rapport_with_input(&["play", "--text", &file, "--seed", "42"], "2\n1\n1\n1\n");
    let second = rapport_with_input(&["play", "--text", &file, "--seed", "42"], "2\n1\n1\n1\n");
    assert_eq!(stdout(&first), stdout(&second));
}

#[test]
fn text_play_abandoned_by_end_of_input_is_not_scored() {
    let scratch = Scratch::new("play-abandon");
    let file = scratch.write("minimal.ron", MINIMAL);
    let output = rapport_with_input(&["play", "--text", &file, "--seed", "1"], "");
    let out = stdout(&output);
    assert!(out.contains("session abandoned, nothing scored"), "{out}");
    assert!(!out.contains("Debrief"), "{out}");
}

#[test]
fn help_lists_the_subcommands() {
    let output = rapport(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(
        out.contains("validate") && out.contains("analyze") && out.contains("play"),
        "{out}"
    );
}

#[cfg(feature = "game")]
#[test]
fn the_game_without_a_display_says_what_to_do_instead_of_crashing() {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .expect("the rapport binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no display") && stderr.contains("play --text"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_missing_path_is_a_clear_error() {
    let output = rapport(&["validate", "no/such/file.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("no such file or folder: no/such/file.ron")
    );
}

#[test]
fn text_play_with_a_trainee_stores_the_session() {
    let scratch = Scratch::new("play-store");
    let file = scratch.write("minimal.ron", MINIMAL);
    let data = scratch.0.join("data");
    let data_arg = data.display().to_string();
    let args = [
        "--data-dir",
        data_arg.as_str(),
        "play",
        "--text",
        file.as_str(),
        "--seed",
        "3",
        "--trainee",
        "Dana",
        "--team",
        "Blue",
    ];
    let output = rapport_with_input(&args, "1\n1\n1\n1\n1\n");
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.contains("Saved for Dana"), "{out}");
    let abandoned = rapport_with_input(&args, "q\n");
    assert!(stdout(&abandoned).contains("Saved for Dana"));
    let mut store = rapport_store::Store::open_in(&data).unwrap();
    let statuses: Vec<String> = store
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| s.status)
        .collect();
    assert_eq!(statuses, ["finished", "abandoned"]);
    assert_eq!(
        store.last_trainee().unwrap(),
        Some(rapport_core::trainee::Trainee::new("Dana", "Blue"))
    );
}

#[test]
fn leaderboard_and_history_read_the_results_store() {
    let scratch = Scratch::new("leaderboard");
    let file = scratch.write("minimal.ron", MINIMAL);
    let data = scratch.0.join("data").display().to_string();
    for (trainee, team, input) in [
        ("Dana", "Blue", "1\n1\n1\n1\n1\n"),
        ("Ali", "Red", "3\n1\n1\n1\n1\n"),
        ("Dana", "Blue", "q\n"),
    ] {
        let args = [
            "--data-dir",
            data.as_str(),
            "play",
            "--text",
            file.as_str(),
            "--seed",
            "5",
            "--trainee",
            trainee,
            "--team",
            team,
        ];
        assert_eq!(rapport_with_input(&args, input).status.code(), Some(0));
    }
    let board = rapport(&["--data-dir", &data, "leaderboard"]);
    let out = stdout(&board);
    assert_eq!(board.status.code(), Some(0), "{out}");
    for expected in [
        "this machine, self-reported",
        "test-minimal",
        "Trainees",
        "Dana",
        "Ali",
        "Teams",
        "Blue",
        "Red",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in\n{out}");
    }
    let red_only = stdout(&rapport(&[
        "--data-dir",
        &data,
        "leaderboard",
        "--team",
        "Red",
    ]));
    assert!(
        red_only.contains("Ali") && !red_only.contains("Dana"),
        "{red_only}"
    );
    let history = stdout(&rapport(&["--data-dir", &data, "history", "Dana"]));
    assert!(
        history.contains("finished") && history.contains("abandoned"),
        "{history}"
    );
    let nobody = stdout(&rapport(&["--data-dir", &data, "history", "Nobody"]));
    assert!(nobody.contains("No sessions for Nobody"), "{nobody}");
}

/// Plays the minimal scenario in `scenarios` as `trainee` into the store in `data`.
fn play_into(data: &str, scenarios: &Scratch, trainee: &str, team: &str, input: &str) {
    let file = scenarios.0.join("minimal.ron").display().to_string();
    let args = [
        "--data-dir",
        data,
        "play",
        "--text",
        file.as_str(),
        "--seed",
        "9",
        "--trainee",
        trainee,
        "--team",
        team,
    ];
    let output = rapport_with_input(&args, input);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// A store in a fresh folder, with a finished and an abandoned session.
fn machine_with_sessions(name: &str) -> (Scratch, Scratch, String) {
    let scenarios = Scratch::new(&format!("{name}-scenarios"));
    scenarios.write("minimal.ron", MINIMAL);
    let data = Scratch::new(&format!("{name}-data"));
    let folder = data.0.display().to_string();
    play_into(&folder, &scenarios, "Dana", "Blue", "1\n1\n1\n1\n1\n");
    play_into(&folder, &scenarios, "Ali", "Red", "2\nq\n");
    (scenarios, data, folder)
}

fn rapport_in(data: &str, scenarios: &Scratch, args: &[&str]) -> Output {
    let scenarios = scenarios.0.display().to_string();
    let mut all = vec!["--data-dir", data, "--scenarios", scenarios.as_str()];
    all.extend_from_slice(args);
    rapport(&all)
}

/// A machine with sessions and its CSV export, and a second, empty machine to import into.
struct TwoMachines {
    scenarios: Scratch,
    source: Scratch,
    csv: String,
    // Kept so the second machine's folder lives as long as the test.
    _other: Scratch,
    other_dir: String,
}

impl TwoMachines {
    fn new(name: &str) -> Self {
        let (scenarios, source, source_dir) = machine_with_sessions(name);
        let csv = stdout(&rapport_in(
            &source_dir,
            &scenarios,
            &["export", "--format", "csv"],
        ));
        let other = Scratch::new(&format!("{name}-other"));
        let other_dir = other.0.display().to_string();
        TwoMachines {
            scenarios,
            source,
            csv,
            _other: other,
            other_dir,
        }
    }

    /// `rapport ARGS` on the second machine.
    fn run(&self, args: &[&str]) -> Output {
        rapport_in(&self.other_dir, &self.scenarios, args)
    }

    /// Imports `text` (written to `file` on the first machine) into the second.
    fn import(&self, file: &str, text: impl AsRef<[u8]>) -> Output {
        let path = self.source.write(file, text);
        self.run(&["import", &path])
    }
}

#[test]
fn an_export_from_before_scoring_model_2_is_imported_rescored_and_says_so() {
    let machines = TwoMachines::new("model-1");
    // An earlier Rapport wrote no scoring_model column (nor the typed-reply and language
    // columns after it): drop the last four cells of every row.
    let old: String = machines
        .csv
        .split_inclusive('\n')
        .map(|line| {
            let mut cells = line.trim_end();
            for _ in 0..4 {
                cells = cells.rsplit_once(',').unwrap().0;
            }
            format!("{cells}\r\n")
        })
        .collect();
    let imported = machines.import("old.csv", old);
    let out = stdout(&imported);
    assert_eq!(imported.status.code(), Some(0), "{out}");
    assert!(
        out.contains("2 sessions imported, 0 already stored, 0 refused"),
        "{out}"
    );
    assert!(
        out.contains("1 of the imported sessions was scored by an older scoring model; its figures were recomputed under model 2."),
        "{out}"
    );
}

#[test]
fn a_csv_export_merges_into_another_store_once() {
    let (scenarios, source, source_dir) = machine_with_sessions("csv");
    let csv_path = source.0.join("results.csv").display().to_string();
    let exported = rapport_in(
        &source_dir,
        &scenarios,
        &["export", "--format", "csv", "--out", &csv_path],
    );
    assert_eq!(exported.status.code(), Some(0), "{}", stdout(&exported));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("session_id,trainee,team,scenario_id"));
    assert!(lines[1].contains(",Dana,Blue,test-minimal,") && lines[1].contains(",finished,"));
    assert!(lines[2].contains(",Ali,Red,") && lines[2].contains(",abandoned,"));

    let other = Scratch::new("csv-other");
    let other_dir = other.0.display().to_string();
    let first = rapport_in(&other_dir, &scenarios, &["import", &csv_path]);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    assert!(
        stdout(&first).contains("2 sessions imported, 0 already stored, 0 refused"),
        "{}",
        stdout(&first)
    );
    let again = rapport_in(&other_dir, &scenarios, &["import", &csv_path]);
    assert!(
        stdout(&again).contains("0 sessions imported, 2 already stored"),
        "{}",
        stdout(&again)
    );
    // The merged store ranks the same as the original (below the line naming the store).
    let board = |dir: &str| {
        let text = stdout(&rapport_in(dir, &scenarios, &["leaderboard"]));
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(board(&source_dir), board(&other_dir));

    // Only sessions from a day on.
    let future = rapport_in(
        &source_dir,
        &scenarios,
        &["export", "--format", "csv", "--since", "2999-01-01"],
    );
    assert_eq!(stdout(&future).lines().count(), 1, "only the header");
    let bad_day = rapport_in(
        &source_dir,
        &scenarios,
        &["export", "--format", "csv", "--since", "yesterday"],
    );
    assert_eq!(bad_day.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_day.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn imported_names_cannot_fake_rows_or_rewrite_the_terminal() {
    let machines = TwoMachines::new("names");
    // A name with a line break that draws a fake first place, and a clear-screen sequence.
    let hostile = "\"Eve\n  1    Mallory              Red                100\u{1b}[2J\"";
    let forged = machines.csv.replace(",Dana,", &format!(",{hostile},"));
    assert_ne!(forged, machines.csv);
    let imported = machines.import("forged.csv", forged);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    for args in [&["leaderboard"][..], &["history", "Eve"]] {
        let out = stdout(&machines.run(args));
        assert!(!out.contains('\u{1b}'), "{args:?}: {out:?}");
        assert!(
            !out.lines()
                .any(|line| line.trim_start().starts_with("1    Mallory")),
            "{args:?}: a forged row: {out}"
        );
    }
    let board = stdout(&machines.run(&["leaderboard"]));
    assert!(board.contains("Eve\u{fffd}  1    Mallory"), "{board}");
}

#[test]
fn a_different_session_under_a_stored_id_is_refused_with_both_versions_named() {
    let machines = TwoMachines::new("conflict");
    let first = machines.import("original.csv", &machines.csv);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    // The same session ids, claimed for somebody else.
    let output = machines.import("renamed.csv", machines.csv.replace(",Dana,", ",Mallory,"));
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("a different session with this id is already stored (different trainee)")
            && out.contains("stored Dana (Blue)")
            && out.contains("this file Mallory (Blue)"),
        "{out}"
    );
    assert!(
        out.contains("0 sessions imported, 1 already stored, 1 refused"),
        "{out}"
    );
    // The stored session is untouched.
    let board = stdout(&machines.run(&["leaderboard"]));
    assert!(
        board.contains("Dana") && !board.contains("Mallory"),
        "{board}"
    );
}

#[test]
fn a_session_the_store_cannot_take_is_kept_and_stored_on_the_next_start() {
    let scenarios = Scratch::new("outbox-scenarios");
    let file = scenarios.write("minimal.ron", MINIMAL);
    let data = Scratch::new("outbox-data");
    let folder = data.0.display().to_string();
    // Create the store, then let "another writer" hold it for the whole session.
    assert_eq!(
        rapport(&["--data-dir", &folder, "leaderboard"])
            .status
            .code(),
        Some(0)
    );
    let holder = rusqlite::Connection::open(data.0.join("rapport.sqlite")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let args = [
        "--data-dir",
        &folder,
        "play",
        "--text",
        &file,
        "--seed",
        "9",
        "--trainee",
        "Dana",
    ];
    let output = {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .env("NO_COLOR", "1")
            .env("RAPPORT_STORE_WAIT_MS", "100")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"1\n1\n1\n1\n1\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("The results store could not take this session")
            && out.contains("will be stored the next time"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_dir(data.0.join("outbox")).unwrap().count(),
        1,
        "the session waits in the outbox"
    );
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);

    // The next command that opens the store stores it first.
    let board = rapport(&["--data-dir", &folder, "leaderboard"]);
    assert!(
        String::from_utf8_lossy(&board.stderr).contains("Stored 1 session that waited"),
        "{}",
        String::from_utf8_lossy(&board.stderr)
    );
    assert!(stdout(&board).contains("Dana"), "{}", stdout(&board));
    assert_eq!(std::fs::read_dir(data.0.join("outbox")).unwrap().count(), 0);
}

#[test]
fn an_import_refuses_overlong_names_and_files() {
    let machines = TwoMachines::new("limits");
    let long = "D".repeat(101);
    let output = machines.import(
        "long.csv",
        machines.csv.replace(",Dana,", &format!(",{long},")),
    );
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("a trainee or team name is longer than 100 characters"),
        "{out}"
    );
    assert!(
        out.contains("1 session imported, 0 already stored, 1 refused"),
        "{out}"
    );
    // A file past the size limit is refused before it is read.
    let huge = machines.source.0.join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(256 * 1024 * 1024 + 1)
        .unwrap();
    let output = machines.run(&["import", &huge.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("larger than 256 MiB"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn import_refuses_edited_scores_and_unknown_scenario_versions() {
    let (scenarios, source, source_dir) = machine_with_sessions("tamper");
    let csv = stdout(&rapport_in(
        &source_dir,
        &scenarios,
        &["export", "--format", "csv"],
    ));
    // Change the finished session's score by hand.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let score_column = header.iter().position(|c| *c == "score").unwrap();
    let tampered: String = csv
        .lines()
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
            if line.contains(",finished,") {
                let edited = if cells[score_column] == "100" {
                    "99"
                } else {
                    "100"
                };
                cells[score_column] = edited.into();
            }
            cells.join(",") + "\n"
        })
        .collect();
    let tampered_path = source.write("tampered.csv", tampered);
    let other = Scratch::new("tamper-other");
    let other_dir = other.0.display().to_string();
    let output = rapport_in(&other_dir, &scenarios, &["import", &tampered_path]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("refused: session")
            && out.contains("Dana")
            && out.contains("its recorded score is")
            && out.contains("but replaying its choices gives"),
        "{out}"
    );
    assert!(
        out.contains("1 session imported, 0 already stored, 1 refused"),
        "{out}"
    );
    let board = stdout(&rapport_in(&other_dir, &scenarios, &["leaderboard"]));
    assert!(
        board.contains("No finished sessions with chosen replies yet"),
        "{board}"
    );

    // The same export against a folder where the scenario has changed since.
    let changed = Scratch::new("tamper-changed");
    let edited = MINIMAL.replace("I was charged twice.", "I was charged twice!");
    assert_ne!(MINIMAL, edited, "the edit must change the file");
    changed.write("minimal.ron", edited);
    let fresh = Scratch::new("tamper-fresh");
    let fresh_dir = fresh.0.display().to_string();
    let csv_path = source.write("results.csv", &csv);
    let output = rapport_in(&fresh_dir, &changed, &["import", &csv_path]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("scenario `test-minimal` version")
            && out.contains("is unknown here (this folder has"),
        "{out}"
    );

    let garbage = source.write("garbage.csv", "name,score\nDana,100\n");
    let output = rapport_in(&fresh_dir, &changed, &["import", &garbage]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not a Rapport CSV export: line 1"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The xAPI 1.0.3 rules the export must meet (the parts an LRS checks on every statement).
fn assert_valid_statement(statement: &serde_json::Value) {
    let uuid = |text: &str| {
        text.len() == 36
            && text.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                14 => ('1'..='5').contains(&c),
                19 => "89ab".contains(c),
                _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
            })
    };
    let iri = |text: &str| text.starts_with("https://") || text.starts_with("http://");
    let context = format!("{statement:#}");
    assert!(uuid(statement["id"].as_str().unwrap()), "id in {context}");
    let actor = &statement["actor"];
    assert_eq!(actor["objectType"], "Agent");
    let identifiers = ["mbox", "mbox_sha1sum", "openid", "account"]
        .iter()
        .filter(|key| actor.get(**key).is_some())
        .count();
    assert_eq!(
        identifiers, 1,
        "an Agent has exactly one identifier: {context}"
    );
    assert!(iri(actor["account"]["homePage"].as_str().unwrap()));
    assert!(!actor["account"]["name"].as_str().unwrap().is_empty());
    assert!(iri(statement["verb"]["id"].as_str().unwrap()));
    assert!(statement["verb"]["display"]["en-US"].is_string());
    assert_eq!(statement["object"]["objectType"], "Activity");
    assert!(iri(statement["object"]["id"].as_str().unwrap()));
    let result = &statement["result"];
    if let Some(score) = result.get("score") {
        let scaled = score["scaled"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&scaled), "{context}");
        let (raw, min, max) = (
            score["raw"].as_f64().unwrap(),
            score["min"].as_f64().unwrap(),
            score["max"].as_f64().unwrap(),
        );
        assert!(min <= raw && raw <= max && min < max, "{context}");
    }
    if let Some(duration) = result.get("duration") {
        let duration = duration.as_str().unwrap();
        assert!(
            duration.starts_with("PT") && duration.ends_with('S'),
            "{context}"
        );
    }
    for extensions in [&result["extensions"], &statement["context"]["extensions"]] {
        if let Some(map) = extensions.as_object() {
            assert!(
                map.keys().all(|key| iri(key)),
                "extension keys are IRIs: {context}"
            );
        }
    }
    assert!(uuid(statement["context"]["registration"].as_str().unwrap()));
    let timestamp = statement["timestamp"].as_str().unwrap();
    assert!(
        timestamp.len() == 20 && timestamp.ends_with('Z') && &timestamp[10..11] == "T",
        "{context}"
    );
}

#[test]
fn an_xapi_export_is_valid_and_imports_back() {
    let (scenarios, source, source_dir) = machine_with_sessions("xapi");
    let path = source.0.join("statements.json").display().to_string();
    let output = rapport_in(
        &source_dir,
        &scenarios,
        &["export", "--format", "xapi", "--out", &path],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let statements: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let statements = statements.as_array().unwrap();
    for statement in statements {
        assert_valid_statement(statement);
    }
    let verbs: Vec<&str> = statements
        .iter()
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
        .collect();
    assert_eq!(verbs.iter().filter(|v| **v == "completed").count(), 1);
    assert_eq!(verbs.iter().filter(|v| **v == "abandoned").count(), 1);
    assert_eq!(
        verbs
            .iter()
            .filter(|v| **v == "passed" || **v == "failed")
            .count(),
        1
    );
    // One `answered` per choice: five in the finished session, one before quitting.
    let answered: Vec<&serde_json::Value> = statements
        .iter()
        .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered")
        .collect();
    assert!(answered.len() >= 2, "{verbs:?}");
    for statement in &answered {
        assert_eq!(
            statement["context"]["contextActivities"]["parent"][0]["id"],
            "https://rapport.training/xapi/scenarios/test-minimal"
        );
        assert!(statement["result"]["response"].is_string());
    }
    let graded = statements
        .iter()
        .find(|s| s["result"]["score"].is_object())
        .unwrap();
    for extension in ["csat", "nps", "retention"] {
        let key = format!("https://rapport.training/xapi/extensions/{extension}");
        assert!(
            !graded["result"]["extensions"][&key].is_null(),
            "missing {extension}"
        );
    }

    let other = Scratch::new("xapi-other");
    let other_dir = other.0.display().to_string();
    let imported = rapport_in(&other_dir, &scenarios, &["import", &path]);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    assert!(stdout(&imported).contains("2 sessions imported"));
    // What comes back out is what went in, statement for statement.
    let again = stdout(&rapport_in(
        &other_dir,
        &scenarios,
        &["export", "--format", "xapi"],
    ));
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(&again, &serde_json::Value::Array(statements.clone()));
}

/// A folder that links back to itself is walked once, not forever.
#[cfg(unix)]
#[test]
fn a_scenario_folder_that_links_to_itself_is_walked_once() {
    let folder = Scratch::new("loop");
    folder.write("minimal.ron", MINIMAL);
    std::os::unix::fs::symlink(&folder.0, folder.0.join("again")).unwrap();
    std::os::unix::fs::symlink(folder.0.join("again"), folder.0.join("and-again")).unwrap();
    let output = rapport(&["validate", &folder.0.display().to_string()]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.contains("1 file checked"), "{out}");
}

/// A trainer translating a scenario: `rapport translate` writes every key with its original
/// text; `rapport validate` then checks the file beside the scenario (a key misspelt and a key
/// left out are warnings, located; a file that is not Fluent is an error and fails).
#[test]
fn translate_writes_a_file_to_fill_in_and_validate_reports_its_missing_and_unknown_keys() {
    let scratch = Scratch::new("translate");
    let scenario = scratch.write(
        "tutorial.ron",
        std::fs::read_to_string("scenarios/tutorial-first-call.ron").unwrap(),
    );
    let written = rapport(&["translate", &scenario, "--to", "de"]);
    assert_eq!(written.status.code(), Some(0), "{}", stdout(&written));
    assert!(stdout(&written).contains("34 keys"), "{}", stdout(&written));
    let file = scratch.0.join("tutorial.de.ftl");
    let template = std::fs::read_to_string(&file).unwrap();
    assert!(
        template.contains("meters-reply-1 = Sorry it's late"),
        "{template}"
    );
    // Run again: the file is kept, and nothing is missing from it.
    let again = stdout(&rapport(&["translate", &scenario, "--to", "de"]));
    assert!(
        again.contains("kept as it is (0 of 34 keys missing, 0 unknown)"),
        "{again}"
    );

    let edited = template
        .replace("meters-reply-1 =", "meters-reply-9 =")
        .replace(
            "title = Tutorial: your first call",
            "title = Tutorial: dein erster Anruf",
        );
    std::fs::write(&file, edited).unwrap();
    let folder = scratch.0.display().to_string();
    let checked = rapport(&["validate", &folder]);
    let out = stdout(&checked);
    assert_eq!(checked.status.code(), Some(0), "warnings only: {out}");
    assert!(
        out.contains("tutorial.de.ftl (de: 1 missing, 1 unknown)"),
        "{out}"
    );
    assert!(
        out.contains("`meters-reply-9` names nothing in the scenario"),
        "{out}"
    );
    assert!(
        out.contains("node `meters` has 1 line, 0 reactions and 3 replies"),
        "{out}"
    );
    assert!(out.contains("`meters-reply-1` is not translated"), "{out}");

    std::fs::write(&file, "title = {\n").unwrap();
    let broken = rapport(&["validate", &folder]);
    assert_eq!(broken.status.code(), Some(1), "{}", stdout(&broken));
    assert!(
        stdout(&broken).contains("tutorial.de.ftl:"),
        "{}",
        stdout(&broken)
    );

    let bad_tag = rapport(&["translate", &scenario, "--to", "../x"]);
    assert_eq!(bad_tag.status.code(), Some(1));
    assert!(stdout(&bad_tag).contains("is not a language tag"));
}
