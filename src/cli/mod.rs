//! The terminal front end: `rapport validate`, `rapport analyze`, `rapport play --text`.
//!
//! Each command is a function from arguments and streams to an exit code, so tests can drive
//! it without spawning a process; `main.rs` only parses and calls.

mod play;
mod render;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::analysis::Analysis;
use crate::analysis::bots::run_bots;
use crate::scenario::{LoadReport, discover, load_file};

pub use play::{PlayEnd, play_text};
pub use render::{render_analysis, render_debrief};

/// Default folder of scenarios.
pub const DEFAULT_SCENARIOS: &str = "scenarios";

/// Command line of the `rapport` binary.
#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Customer-service training and role-play simulator",
    long_about = "Rapport puts a trainee in front of a customer written in a RON scenario file, \
                  scores how well their replies show empathy, active listening and real problem \
                  solving, and debriefs them with CSAT, NPS and retention."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folder of scenario files the game loads and watches for changes.
    #[arg(long, default_value = DEFAULT_SCENARIOS, value_name = "DIR")]
    pub scenarios: PathBuf,
    /// Drive the game through every screen, save a screenshot of each in DIR, and quit.
    #[arg(long, value_name = "DIR")]
    pub demo_screenshots: Option<PathBuf>,
    /// Folder of the results store (default: $RAPPORT_DATA_DIR, else the platform's data
    /// folder, e.g. ~/.local/share/rapport); created on first run.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem with file:line:column.
    Validate {
        /// Scenario files or folders (searched for .ron files).
        #[arg(default_value = DEFAULT_SCENARIOS)]
        paths: Vec<PathBuf>,
    },
    /// Explore every path of a scenario: best and worst scores, endings, dead ends, bias.
    Analyze {
        /// The scenario file.
        path: PathBuf,
        /// Print the report as JSON for tools.
        #[arg(long)]
        json: bool,
        /// Also run random, greedy and adversarial bots this many times each.
        #[arg(long, value_name = "N")]
        bots: Option<usize>,
        /// First seed for the bots.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Play a scenario.
    Play {
        /// Play in the terminal: numbered replies on standard input.
        #[arg(long)]
        text: bool,
        /// The scenario file.
        path: PathBuf,
        /// Seed for line variants and reply order (random if omitted; printed to replay).
        #[arg(long)]
        seed: Option<u64>,
        /// Store the session under this trainee (finished or abandoned), as the game does.
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// The trainee's team.
        #[arg(long, value_name = "NAME", default_value = "", requires = "trainee")]
        team: String,
    },
    /// Rankings from the results store: per scenario, per trainee and per team.
    Leaderboard {
        /// Only this scenario id.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Only this team.
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
    },
    /// Every session a trainee has played, finished or abandoned.
    History {
        /// The trainee's name.
        name: String,
    },
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let result = match cli.command {
        None => Ok(start_game(
            cli.scenarios,
            cli.demo_screenshots,
            cli.data_dir.or_else(crate::store::default_data_dir),
        )),
        Some(Command::Validate { paths }) => validate(&paths, color, &mut stdout.lock()),
        Some(Command::Analyze {
            path,
            json,
            bots,
            seed,
        }) => analyze(&path, json, bots, seed, color, &mut stdout.lock()),
        Some(Command::Play {
            text,
            path,
            seed,
            trainee,
            team,
        }) => {
            if !text {
                let _ = writeln!(
                    stderr.lock(),
                    "error: `play` runs in the terminal: `rapport play --text {}`; `rapport` with no subcommand opens the game window",
                    path.display()
                );
                return ExitCode::from(2);
            }
            let data_dir = cli.data_dir.or_else(crate::store::default_data_dir);
            let trainee = trainee.map(|name| (name, team));
            play(&path, seed, trainee, data_dir, color)
        }
        Some(Command::Leaderboard { scenario, team }) => {
            open_store(cli.data_dir).and_then(|store| {
                render::write_leaderboard(
                    &store,
                    scenario.as_deref(),
                    team.as_deref(),
                    &mut stdout.lock(),
                )
                .map(|()| ExitCode::SUCCESS)
            })
        }
        Some(Command::History { name }) => open_store(cli.data_dir).and_then(|store| {
            render::write_history(&store, &name, &mut stdout.lock()).map(|()| ExitCode::SUCCESS)
        }),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(stderr.lock(), "error: {error}");
            ExitCode::from(2)
        }
    }
}

/// No subcommand: the windowed game.
#[cfg(feature = "game")]
fn start_game(
    scenarios: PathBuf,
    demo_screenshots: Option<PathBuf>,
    data_dir: Option<PathBuf>,
) -> ExitCode {
    let exit = crate::game::run(crate::game::GameOptions {
        scenarios,
        demo_screenshots,
        data_dir,
    });
    if exit.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// No subcommand in a build without the game: say what this build can do.
#[cfg(not(feature = "game"))]
fn start_game(
    _scenarios: PathBuf,
    _demo_screenshots: Option<PathBuf>,
    _data_dir: Option<PathBuf>,
) -> ExitCode {
    let mut command = <Cli as clap::CommandFactory>::command();
    let _ = command.print_help();
    eprintln!("\nThis build has no window (built without the `game` feature).");
    ExitCode::SUCCESS
}

/// `rapport validate`: every file's diagnostics, a summary, exit 1 on any error.
pub fn validate(paths: &[PathBuf], color: bool, out: &mut impl Write) -> io::Result<ExitCode> {
    let files = discover(paths).map_err(io::Error::other)?;
    if files.is_empty() {
        writeln!(out, "no scenario files (*.ron) found")?;
        return Ok(ExitCode::FAILURE);
    }
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let report = load_file(file);
        let file_errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        errors += file_errors;
        warnings += report.diagnostics.len() - file_errors;
        if !report.diagnostics.is_empty() {
            writeln!(out, "{}", report.render(color))?;
        }
        let status = if file_errors > 0 { "FAILED" } else { "ok" };
        writeln!(out, "{status:>6}  {}", file.display())?;
    }
    writeln!(
        out,
        "\n{} file{} checked: {errors} error{}, {warnings} warning{}",
        files.len(),
        plural(files.len()),
        plural(errors),
        plural(warnings)
    )?;
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `rapport analyze`: the path analysis, human-readable or JSON.
pub fn analyze(
    path: &std::path::Path,
    json: bool,
    bots: Option<usize>,
    seed: u64,
    color: bool,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let report = load_file(path);
    let Some(scenario) = loaded(&report, color, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let scenario = Arc::new(scenario);
    let analysis = match Analysis::of(&scenario) {
        Ok(analysis) => analysis,
        Err(error) => {
            writeln!(out, "error: {}: {error}", path.display())?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let analysis_report = analysis.report(&scenario);
    let bot_summaries = bots.map(|runs| run_bots(&scenario, &analysis, runs, seed));
    if json {
        let value = serde_json::json!({
            "file": path.display().to_string(),
            "analysis": analysis_report,
            "bots": bot_summaries,
            "warnings": report.diagnostics,
        });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).map_err(io::Error::other)?
        )?;
    } else {
        write!(
            out,
            "{}",
            render_analysis(&analysis_report, bot_summaries.as_deref(), seed)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport play --text`.
fn play(
    path: &std::path::Path,
    seed: Option<u64>,
    trainee: Option<(String, String)>,
    data_dir: Option<PathBuf>,
    color: bool,
) -> io::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let report = load_file(path);
    let Some(scenario) = loaded(&report, color, &mut out)? else {
        return Ok(ExitCode::FAILURE);
    };
    // Open the store before playing, so a store problem is known before any time is spent.
    let mut store = match (&trainee, data_dir) {
        (Some(_), Some(folder)) => {
            Some(crate::store::Store::open_in(&folder).map_err(io::Error::other)?)
        }
        (Some(_), None) => {
            return Err(io::Error::other(
                "no data folder: pass --data-dir or set RAPPORT_DATA_DIR",
            ));
        }
        (None, _) => None,
    };
    let seed = seed.unwrap_or_else(rand::random);
    let started_at = crate::store::now();
    let stdin = io::stdin();
    let end = play_text(Arc::new(scenario), seed, stdin.lock(), &mut out)?;
    if let (Some(store), Some((name, team))) = (&mut store, &trainee) {
        let (record, ending) = match &end {
            PlayEnd::Finished(debrief, record) => (record, crate::store::Ending::Finished(debrief)),
            PlayEnd::Abandoned(record) => (record, crate::store::Ending::Abandoned),
        };
        store
            .remember_trainee(name, team)
            .map_err(io::Error::other)?;
        store
            .save_session(&crate::store::SessionResult {
                trainee: name,
                team,
                record,
                ending,
                started_at,
                ended_at: crate::store::now(),
            })
            .map_err(io::Error::other)?;
        writeln!(out, "Saved for {name} in {}.", store.path().display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The results store in `data_dir` (or the default data folder).
fn open_store(data_dir: Option<PathBuf>) -> io::Result<crate::store::Store> {
    let folder = data_dir
        .or_else(crate::store::default_data_dir)
        .ok_or_else(|| {
            io::Error::other("no data folder: pass --data-dir or set RAPPORT_DATA_DIR")
        })?;
    crate::store::Store::open_in(&folder).map_err(io::Error::other)
}

/// The scenario of a load report, after printing its diagnostics; `None` if it had errors.
fn loaded(
    report: &LoadReport,
    color: bool,
    out: &mut impl Write,
) -> io::Result<Option<crate::scenario::Scenario>> {
    if !report.diagnostics.is_empty() {
        writeln!(out, "{}", report.render(color))?;
    }
    if report.has_errors() {
        writeln!(
            out,
            "{}: the scenario has errors and cannot be used",
            report.file
        )?;
        return Ok(None);
    }
    Ok(report.scenario.clone())
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
