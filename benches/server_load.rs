//! `rapport serve` under load: how many sessions per second one or two server processes on one
//! database verify and keep, how long a submission and a start take at the 50th, 90th and 99th
//! percentile, and, with `--kill-after`, that a server killed mid-run loses and duplicates
//! nothing while its clients fail over to the other one.
//!
//! Each simulated client is a thread with its own HTTP connections, signed in as its own
//! trainee. It plays real sessions of the shipped library (random replies, to an ending) on
//! sessions the server started, claiming 250 ms a turn. The server refuses turn times that add
//! up to more than the time it saw pass since it started the session (plus 2 s for the
//! requests' travel), so rather than sleeping, a client pipelines: it keeps up to
//! `MAX_STARTED` started sessions and submits whichever is old enough, starting new ones
//! meanwhile. A submission that fails for a reason worth retrying (no connection, a lost answer,
//! 503) is kept and sent again, on the other server when its own is unreachable, until it is
//! acknowledged (201, or 200 "already stored" for a retry the server had kept) or the grace
//! period after the run ends. Afterwards the database is read directly: every acknowledged
//! session must be stored, exactly once.
//!
//! Run it from the top of the repository (the build is the `bench` profile, optimised):
//!
//! ```text
//! eval "$(.ci/postgres start)"    # PostgreSQL for the database; without it, a SQLite file
//! # (`.ci/test` restarts and stops the server on port 54329: while tests may run, give the
//! # bench its own with RAPPORT_PG_PORT=54339 RAPPORT_PG_DIR=/tmp/rapport-postgres-load)
//! cargo bench --no-default-features --bench server_load -- --clients 200 --seconds 60
//! cargo bench --no-default-features --bench server_load -- --servers 2 --kill-after 20
//! ```
//!
//! Flags:
//! - `--clients N` (200): simulated trainees, one thread each.
//! - `--seconds S` (60): how long clients start and submit sessions.
//! - `--servers 1|2` (1): `rapport serve` processes on the same database; client `i` uses server
//!   `i % servers` first.
//! - `--kill-after S`: with two servers, `kill -9` the second one S seconds into the run.
//! - `--rate R`: start R sessions a second across all clients (an open load, as many people
//!   playing would make), instead of each client starting the next as soon as it can (a
//!   closed load, which measures the most the server sustains; its latency is then mostly
//!   queueing: 200 requests always in flight over the throughput).
//! - `--connections N`: each server's database connections (`rapport serve --connections`;
//!   the server's default when not given).
//! - `--database URL`: an existing database (PostgreSQL URL or SQLite path), migrated and
//!   written to but not dropped. Without it: a fresh PostgreSQL database on the server of
//!   `$RAPPORT_TEST_DATABASE` (dropped at the end), else a SQLite file in a temporary folder.
//!   SQLite is meant for one server process; use PostgreSQL for two.
//!
//! Latencies are those of answered requests (an acknowledged submission, a started session),
//! measured by the client around the HTTP request. The report is printed and written to `target/server-load.txt` (under `$CARGO_TARGET_DIR` when
//! set). The bench exits non-zero when an acknowledged session was lost or stored twice, or when
//! nothing was acknowledged at all. The figures depend on the machine and on everything else it
//! runs: measure on a quiet one (the CI's PostgreSQL runs with `fsync=off`, which flatters
//! writes).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rapport_client::{ClientError, Server};
use rapport_core::scenario::load_file;
use rapport_core::scenario::model::Scenario;
use rapport_core::session::Session;
use rapport_core::submission::{NewAccount, Play, Role, Submission};

const USAGE: &str = "usage: cargo bench --no-default-features --bench server_load -- \
[--clients N] [--seconds S] [--servers 1|2] [--kill-after S] [--connections N] [--database URL]";

const ADMIN_PASSWORD: &str = "load-admin-password";
const PASSWORD: &str = "load-trainee-password";
/// The turn time every submission claims: the fastest the server accepts.
const TURN_MILLIS: u32 = 250;
/// Of the 2 s the server allows for the requests' travel, how much a client counts on: a
/// submission is sent once its claimed time, less this, has passed since its start was answered.
const SLACK_USED: Duration = Duration::from_millis(1_500);
/// Started sessions a client holds at once, waiting to be old enough to submit.
const MAX_STARTED: usize = 64;
/// How long after the run clients keep retrying submissions whose answer they did not get.
const GRACE: Duration = Duration::from_secs(10);
/// Threads that create and sign in the trainees (each costs the server an argon2 hash).
const SETUP_THREADS: usize = 8;
/// Teams in the cohort, trainees spread over them.
const TEAMS: usize = 8;

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("server_load: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(report) => {
            print!("{}", report.text);
            let file = target_dir().join("server-load.txt");
            match std::fs::create_dir_all(target_dir())
                .and_then(|()| std::fs::write(&file, &report.text))
            {
                Ok(()) => println!("(written to {})", file.display()),
                Err(error) => eprintln!("server_load: cannot write {}: {error}", file.display()),
            }
            if report.passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("server_load: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The command line.
#[derive(Debug, Clone)]
struct Options {
    clients: usize,
    seconds: u64,
    servers: usize,
    kill_after: Option<u64>,
    connections: Option<usize>,
    database: Option<String>,
    /// Sessions started per second across all clients (an open load); `None`: as fast as the
    /// server answers (a closed load: every client always has a request in flight).
    rate: Option<u64>,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Options {
            clients: 200,
            seconds: 60,
            servers: 1,
            kill_after: None,
            connections: None,
            database: None,
            rate: None,
        };
        while let Some(arg) = args.next() {
            // `cargo bench` passes `--bench` to a bench without the standard harness.
            if arg == "--bench" {
                continue;
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg.clone(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            let number = |text: String| {
                text.parse::<u64>()
                    .map_err(|_| format!("{flag} takes a whole number, not `{text}`"))
            };
            match flag.as_str() {
                "--clients" => options.clients = number(value()?)? as usize,
                "--seconds" => options.seconds = number(value()?)?,
                "--servers" => options.servers = number(value()?)? as usize,
                "--kill-after" => options.kill_after = Some(number(value()?)?),
                "--connections" => options.connections = Some(number(value()?)? as usize),
                "--database" => options.database = Some(value()?),
                "--rate" => options.rate = Some(number(value()?)?.max(1)),
                _ => return Err(format!("unknown argument `{arg}`")),
            }
        }
        if options.clients == 0 || options.seconds == 0 {
            return Err("--clients and --seconds must be at least 1".into());
        }
        if !(1..=2).contains(&options.servers) {
            return Err("--servers is 1 or 2".into());
        }
        if let Some(after) = options.kill_after {
            if options.servers != 2 {
                return Err("--kill-after needs --servers 2".into());
            }
            if after >= options.seconds {
                return Err("--kill-after must be less than --seconds".into());
            }
        }
        Ok(options)
    }
}

/// Where the report goes: `$CARGO_TARGET_DIR`, else `./target`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

fn scenarios_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// The scored scenarios of the shipped library (not the template, not the tutorials).
fn library() -> Result<Vec<Arc<Scenario>>, String> {
    let folder = scenarios_folder();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('_'))
        })
        .collect();
    files.sort();
    let scenarios: Vec<Arc<Scenario>> = files
        .iter()
        .filter_map(|file| load_file(file).scenario)
        .filter(|scenario| scenario.meta.scored)
        .map(Arc::new)
        .collect();
    if scenarios.is_empty() {
        return Err(format!(
            "no scored scenario loads from {}",
            folder.display()
        ));
    }
    Ok(scenarios)
}

/// A temporary folder, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, String> {
        let folder =
            std::env::temp_dir().join(format!("rapport-server-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        Ok(Scratch(folder))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The database of the run; a PostgreSQL database this run created is dropped at the end.
struct Database {
    url: String,
    postgres: bool,
    /// The server's maintenance URL and the database's name, when this run created it.
    created: Option<(String, String)>,
}

impl Database {
    fn choose(option: Option<&str>, scratch: &Path) -> Result<Self, String> {
        let is_postgres =
            |url: &str| url.starts_with("postgres://") || url.starts_with("postgresql://");
        if let Some(url) = option {
            return Ok(Database {
                url: url.to_owned(),
                postgres: is_postgres(url),
                created: None,
            });
        }
        match std::env::var("RAPPORT_TEST_DATABASE") {
            Ok(server) if !server.is_empty() => {
                let name = format!("rapport_load_{}", std::process::id());
                let mut client =
                    postgres::Client::connect(&server, postgres::NoTls).map_err(|error| {
                        format!("cannot connect to $RAPPORT_TEST_DATABASE: {error}")
                    })?;
                // One statement each: neither runs inside a transaction block.
                client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                    .and_then(|()| client.batch_execute(&format!("CREATE DATABASE {name}")))
                    .map_err(|error| format!("cannot create database {name}: {error}"))?;
                let base = server
                    .rsplit_once('/')
                    .map_or(server.as_str(), |(base, _)| base);
                Ok(Database {
                    url: format!("{base}/{name}"),
                    postgres: true,
                    created: Some((server.clone(), name)),
                })
            }
            _ => Ok(Database {
                url: scratch.join("server.sqlite").display().to_string(),
                postgres: false,
                created: None,
            }),
        }
    }

    /// What the report says the database is (no password).
    fn describe(&self) -> String {
        match (&self.created, self.postgres) {
            (Some((_, name)), _) => format!("PostgreSQL, database {name} created for the run"),
            (None, true) => "PostgreSQL, the database given".into(),
            (None, false) => "SQLite".into(),
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.created {
            let dropped = postgres::Client::connect(server, postgres::NoTls).and_then(|mut c| {
                c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            });
            if let Err(error) = dropped {
                eprintln!("server_load: cannot drop database {name}: {error}");
            }
        }
    }
}

/// `rapport` with a data folder of its own and no password or database in the environment.
fn rapport(folder: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command
        .env("RAPPORT_DATA_DIR", folder)
        .env_remove("RAPPORT_DATABASE")
        .env_remove("RAPPORT_PASSWORD")
        .env_remove("RAPPORT_NEW_PASSWORD")
        .arg("--scenarios")
        .arg(scenarios_folder());
    command
}

fn run_ok(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// What a server printed, drained by threads so it never blocks on a full pipe.
#[derive(Default)]
struct ServerLog {
    /// The first lines, for the report.
    first: Mutex<Vec<String>>,
    lines: AtomicU64,
    internal_errors: AtomicU64,
}

impl ServerLog {
    const KEPT: usize = 12;

    fn add(&self, line: String) {
        self.lines.fetch_add(1, Ordering::Relaxed);
        if line.contains("internal error") {
            self.internal_errors.fetch_add(1, Ordering::Relaxed);
        }
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        if first.len() < Self::KEPT {
            first.push(line);
        }
    }

    fn drain(self: &Arc<Self>, pipe: impl std::io::Read + Send + 'static) -> JoinHandle<()> {
        let log = Arc::clone(self);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                log.add(line);
            }
        })
    }
}

/// A running `rapport serve`; killed when dropped.
struct Serving {
    child: Child,
    url: String,
    log: Arc<ServerLog>,
    drains: Vec<JoinHandle<()>>,
    killed_at: Option<Duration>,
}

impl Serving {
    fn start(folder: &Path, database: &str, connections: Option<usize>) -> Result<Self, String> {
        let mut command = rapport(folder);
        command.args(["serve", "--database", database, "--listen", "127.0.0.1:0"]);
        if let Some(connections) = connections {
            command.args(["--connections", &connections.to_string()]);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start rapport serve: {error}"))?;
        let log = Arc::new(ServerLog::default());
        let stderr = log.drain(child.stderr.take().expect("piped stderr"));
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let Some(url) = line
            .split_whitespace()
            .find(|word| word.starts_with("http"))
            .map(str::to_owned)
        else {
            let _ = child.kill();
            let _ = child.wait();
            let _ = stderr.join();
            let said = log
                .first
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .join("\n");
            return Err(format!("rapport serve did not start: {line}{said}"));
        };
        let stdout = log.drain(stdout);
        Ok(Serving {
            child,
            url,
            log,
            drains: vec![stderr, stdout],
            killed_at: None,
        })
    }

    /// `kill -9`: the process gets no chance to finish what it is doing.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops the server and waits for its output to be read.
    fn stop(&mut self) {
        self.kill();
        for drain in self.drains.drain(..) {
            let _ = drain.join();
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs `work(0..count)` on `threads` threads; the results in order, or the first error.
fn in_parallel<T: Send>(
    count: usize,
    threads: usize,
    work: impl Fn(usize) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, String>>>> =
        Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(count).max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= count {
                        break;
                    }
                    let result = work(index);
                    let failed = result.is_err();
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                    if failed {
                        // The others stop taking work.
                        next.store(count, Ordering::SeqCst);
                        break;
                    }
                }
            });
        }
    });
    let mut done = Vec::with_capacity(count);
    for result in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match result {
            Some(Ok(value)) => done.push(value),
            Some(Err(error)) => return Err(error),
            None => return Err("setup stopped after an error".into()),
        }
    }
    Ok(done)
}

fn signed_in(url: &str, name: &str, password: &str) -> Result<Server, String> {
    let server = Server::new(url, None).map_err(|error| error.to_string())?;
    let signed = server
        .sign_in(name, password)
        .map_err(|error| format!("{name} cannot sign in: {error}"))?;
    Ok(server.with_token(signed.token))
}

fn account(name: &str, role: Role, cohort: Option<&str>, team: &str) -> NewAccount {
    NewAccount {
        name: name.to_owned(),
        password: PASSWORD.to_owned(),
        role,
        cohort: cohort.map(str::to_owned),
        team: team.to_owned(),
    }
}

/// A session started on the server and played, waiting until it is old enough to submit.
struct Pending {
    submission: Submission,
    ready_at: Instant,
    /// Times it was sent without an answer that settled it.
    attempts: u32,
}

/// What one client saw.
#[derive(Default)]
struct ClientReport {
    /// Microseconds of each answered start, and of each acknowledged submission request.
    start_micros: Vec<u64>,
    submit_micros: Vec<u64>,
    acknowledged: Vec<String>,
    created: u64,
    already_stored: u64,
    started: u64,
    /// Started and played, but the run ended before it was sent.
    never_sent: u64,
    /// Submissions refused for good (4xx): a bug in this bench or in the server.
    refused: u64,
    /// Sent, never settled by the end of the grace period.
    unresolved: u64,
    retries: u64,
    failovers: u64,
    errors: BTreeMap<String, u64>,
}

impl ClientReport {
    fn count_error(&mut self, request: &str, error: &ClientError) {
        *self.errors.entry(error_kind(request, error)).or_default() += 1;
    }
}

/// The kind of a failed request, for counting: variable numbers become `N`.
fn error_kind(request: &str, error: &ClientError) -> String {
    let detail = match error {
        ClientError::Unreachable(message) => {
            let lower = message.to_ascii_lowercase();
            if lower.contains("refused") {
                "connection refused".to_owned()
            } else if lower.contains("reset")
                || lower.contains("closed")
                || lower.contains("eof")
                || lower.contains("disconnected")
                || lower.contains("broken pipe")
            {
                format!("connection lost ({})", shorten(message))
            } else if lower.contains("timeout") || lower.contains("timed out") {
                "timed out".to_owned()
            } else {
                format!("unreachable: {}", shorten(message))
            }
        }
        ClientError::Unavailable(reason) => format!("503/502/504: {}", shorten(reason)),
        ClientError::SignedOut(_) => "401 signed out".to_owned(),
        ClientError::Refused { status, reason } => format!("{status}: {}", shorten(reason)),
        ClientError::Setup(message) => format!("setup: {}", shorten(message)),
    };
    format!("{request} {detail}")
}

fn shorten(text: &str) -> String {
    let mut short = String::new();
    let mut in_number = false;
    for c in text.chars().take(90) {
        if c.is_ascii_digit() {
            if !in_number {
                short.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            short.push(c);
        }
    }
    short
}

/// How long to wait after `failures` temporary failures in a row.
fn backoff(failures: u32) -> Duration {
    Duration::from_millis((25u64 << failures.saturating_sub(1).min(6)).min(1_000))
}

/// Plays the session the server started, replying at random until it ends.
fn played(scenario: &Arc<Scenario>, play: Play, rng: &mut Xoshiro256PlusPlus) -> Submission {
    let mut session = Session::new(Arc::clone(scenario), play.seed);
    while let Some(prompt) = session.prompt() {
        let mut offered = prompt.options.clone();
        if offered.is_empty() {
            offered = prompt.choices();
        }
        let choice = offered[rng.random_range(0..offered.len())];
        session
            .choose(choice)
            .expect("a choice the prompt offered is accepted");
    }
    let choices = session.record().choices;
    Submission {
        uid: play.uid,
        scenario_id: scenario.meta.id.clone(),
        content_hash: scenario.content_hash.0.clone(),
        seed: play.seed,
        millis: vec![TURN_MILLIS; choices.len()],
        choices,
        ending: session.ending().map(|ending| ending.id.clone()),
        offline: false,
        typed: Vec::new(),
        language: None,
    }
}

/// When a client stops starting sessions, and when it gives up on unanswered submissions.
#[derive(Clone, Copy)]
struct Clock {
    end: Instant,
    grace_end: Instant,
    /// With `--rate`: how often this client starts a session.
    start_every: Option<Duration>,
}

/// One simulated trainee: starts and submits sessions until the run ends, then settles what
/// it sent.
fn client(
    index: usize,
    servers: &[Server],
    scenarios: &[Arc<Scenario>],
    clock: Clock,
) -> ClientReport {
    let mut report = ClientReport::default();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(index as u64);
    let mut home = index % servers.len();
    let mut failures: u32 = 0;
    let mut pending: Vec<Pending> = Vec::new();
    // Paced clients start at staggered moments, not all at once.
    let mut next_start = Instant::now()
        + clock.start_every.map_or(Duration::ZERO, |every| {
            every.mul_f64(rng.random_range(0.0..1.0))
        });
    loop {
        let now = Instant::now();
        let running = now < clock.end;
        if !running {
            let before = pending.len();
            pending.retain(|pending| pending.attempts > 0);
            report.never_sent += (before - pending.len()) as u64;
            if pending.is_empty() {
                break;
            }
            if now >= clock.grace_end {
                report.unresolved += pending.len() as u64;
                break;
            }
        }
        let ready = pending
            .iter()
            .enumerate()
            .filter(|(_, pending)| pending.ready_at <= now)
            .min_by_key(|(_, pending)| pending.ready_at)
            .map(|(at, _)| at);
        if let Some(at) = ready {
            let mut sending = pending.swap_remove(at);
            if sending.attempts > 0 {
                report.retries += 1;
            }
            sending.attempts += 1;
            let began = Instant::now();
            match servers[home].submit(&sending.submission) {
                Ok(receipt) => {
                    report
                        .submit_micros
                        .push(began.elapsed().as_micros() as u64);
                    if receipt.already_stored {
                        report.already_stored += 1;
                    } else {
                        report.created += 1;
                    }
                    report.acknowledged.push(sending.submission.uid);
                    failures = 0;
                }
                Err(error) if error.is_temporary() => {
                    report.count_error("submit", &error);
                    failures += 1;
                    if matches!(error, ClientError::Unreachable(_)) && servers.len() > 1 {
                        home = (home + 1) % servers.len();
                        report.failovers += 1;
                    }
                    sending.ready_at = Instant::now() + backoff(failures);
                    pending.push(sending);
                }
                Err(error) => {
                    report.count_error("submit", &error);
                    report.refused += 1;
                }
            }
            continue;
        }
        if running && pending.len() < MAX_STARTED && now >= next_start {
            if let Some(every) = clock.start_every {
                next_start += every;
            }
            let scenario = &scenarios[rng.random_range(0..scenarios.len())];
            let began = Instant::now();
            match servers[home].start_play(&scenario.content_hash.0, None) {
                Ok(play) => {
                    let answered = Instant::now();
                    report
                        .start_micros
                        .push(answered.duration_since(began).as_micros() as u64);
                    report.started += 1;
                    failures = 0;
                    let submission = played(scenario, play, &mut rng);
                    let claimed = Duration::from_millis(
                        submission.millis.iter().map(|&m| u64::from(m)).sum(),
                    );
                    pending.push(Pending {
                        submission,
                        ready_at: answered + claimed.saturating_sub(SLACK_USED),
                        attempts: 0,
                    });
                }
                Err(error) => {
                    report.count_error("start", &error);
                    failures += 1;
                    if matches!(error, ClientError::Unreachable(_)) && servers.len() > 1 {
                        home = (home + 1) % servers.len();
                        report.failovers += 1;
                    }
                    let wait = backoff(failures);
                    std::thread::sleep(wait.min(clock.end.saturating_duration_since(now)));
                }
            }
            continue;
        }
        let limit = if running { clock.end } else { clock.grace_end };
        let next = pending
            .iter()
            .map(|pending| pending.ready_at)
            .chain(
                (running && pending.len() < MAX_STARTED)
                    .then_some(next_start)
                    .filter(|_| clock.start_every.is_some()),
            )
            .min()
            .unwrap_or(limit)
            .min(limit);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    report
}

/// What the database holds of this run's trainees.
struct Stored {
    /// Session rows per uid.
    sessions: HashMap<String, i64>,
    submissions: HashSet<String>,
}

fn stored(database: &Database, pattern: &str) -> Result<Stored, String> {
    let sessions_query =
        "SELECT uid, COUNT(*) FROM sessions WHERE trainee LIKE $1 AND uid IS NOT NULL GROUP BY uid";
    let submissions_query = "SELECT s.uid FROM submissions s JOIN accounts a ON a.id = s.account_id
         WHERE a.name LIKE $1";
    let failed = |error: &dyn std::fmt::Display| format!("cannot read the database: {error}");
    if database.postgres {
        let mut client =
            postgres::Client::connect(&database.url, postgres::NoTls).map_err(|e| failed(&e))?;
        let sessions = client
            .query(sessions_query, &[&pattern])
            .map_err(|e| failed(&e))?
            .iter()
            .map(|row| (row.get::<_, String>(0), row.get::<_, i64>(1)))
            .collect();
        let submissions = client
            .query(submissions_query, &[&pattern])
            .map_err(|e| failed(&e))?
            .iter()
            .map(|row| row.get::<_, String>(0))
            .collect();
        Ok(Stored {
            sessions,
            submissions,
        })
    } else {
        let connection = rusqlite::Connection::open(&database.url).map_err(|e| failed(&e))?;
        let sessions = connection
            .prepare(&sessions_query.replace("$1", "?1"))
            .and_then(|mut statement| {
                statement
                    .query_map([pattern], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<Result<HashMap<String, i64>, _>>()
            })
            .map_err(|e| failed(&e))?;
        let submissions = connection
            .prepare(&submissions_query.replace("$1", "?1"))
            .and_then(|mut statement| {
                statement
                    .query_map([pattern], |row| row.get(0))?
                    .collect::<Result<HashSet<String>, _>>()
            })
            .map_err(|e| failed(&e))?;
        Ok(Stored {
            sessions,
            submissions,
        })
    }
}

/// The value at quantile `q` of sorted microseconds, in milliseconds (nearest rank).
fn quantile_ms(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] as f64 / 1000.0
}

struct Report {
    text: String,
    passed: bool,
}

fn run(options: &Options) -> Result<Report, String> {
    let scenarios = library()?;
    let scratch = Scratch::new()?;
    // Declared before the servers, so it is dropped after they are stopped.
    let database = Database::choose(options.database.as_deref(), &scratch.0)?;
    let url = database.url.clone();
    // Names of this run's own, so a database that is given can be used again.
    let run_tag = format!(
        "load-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_secs())
    );
    let admin = format!("{run_tag}-admin");
    let trainer = format!("{run_tag}-trainer");
    let cohort = format!("{run_tag}-cohort");
    let trainee = |index: usize| format!("{run_tag}-trainee-{index:05}");

    let set_up = Instant::now();
    run_ok(rapport(&scratch.0).args(["server", "migrate", "--database", &url]))?;
    run_ok(
        rapport(&scratch.0)
            .env("RAPPORT_NEW_PASSWORD", ADMIN_PASSWORD)
            .args(["server", "add-admin", "--database", &url, &admin]),
    )?;
    let mut servers = (0..options.servers)
        .map(|_| Serving::start(&scratch.0, &url, options.connections))
        .collect::<Result<Vec<_>, _>>()?;
    let urls: Vec<String> = servers.iter().map(|serving| serving.url.clone()).collect();

    let admin = signed_in(&urls[0], &admin, ADMIN_PASSWORD)?;
    admin
        .create_account(&account(&trainer, Role::Trainer, None, ""))
        .map_err(|error| format!("cannot create the trainer: {error}"))?;
    let trainer = signed_in(&urls[0], &trainer, PASSWORD)?;
    trainer
        .create_cohort(&cohort)
        .map_err(|error| format!("cannot create the cohort: {error}"))?;
    let teams: Vec<String> = (1..=TEAMS.min(options.clients))
        .map(|team| format!("team-{team}"))
        .collect();
    for team in &teams {
        trainer
            .create_team(&cohort, team)
            .map_err(|error| format!("cannot create team {team}: {error}"))?;
    }
    // Each client signed in once, on its own server first; a token is good on every server.
    let clients: Vec<Vec<Server>> = in_parallel(options.clients, SETUP_THREADS, |index| {
        let name = trainee(index);
        trainer
            .create_account(&account(
                &name,
                Role::Trainee,
                Some(&cohort),
                &teams[index % teams.len()],
            ))
            .map_err(|error| format!("cannot create trainee {name}: {error}"))?;
        let token = Server::new(&urls[index % urls.len()], None)
            .and_then(|server| server.sign_in(&name, PASSWORD))
            .map_err(|error| format!("{name} cannot sign in: {error}"))?
            .token;
        urls.iter()
            .map(|url| {
                Server::new(url, None)
                    .map(|server| server.with_token(token.clone()))
                    .map_err(|error| error.to_string())
            })
            .collect()
    })?;
    let set_up = set_up.elapsed();

    // The run: every client starts at once.
    let barrier = Arc::new(Barrier::new(options.clients + 1));
    let start: Arc<OnceLock<Instant>> = Arc::new(OnceLock::new());
    let scenarios = Arc::new(scenarios);
    let threads: Vec<JoinHandle<ClientReport>> = clients
        .into_iter()
        .enumerate()
        .map(|(index, connections)| {
            let barrier = Arc::clone(&barrier);
            let start = Arc::clone(&start);
            let scenarios = Arc::clone(&scenarios);
            let seconds = Duration::from_secs(options.seconds);
            let start_every = options
                .rate
                .map(|rate| Duration::from_secs_f64(options.clients as f64 / rate as f64));
            std::thread::spawn(move || {
                barrier.wait();
                let begun = *start.get().expect("set before the barrier opens");
                let clock = Clock {
                    end: begun + seconds,
                    grace_end: begun + seconds + GRACE,
                    start_every,
                };
                client(index, &connections, &scenarios, clock)
            })
        })
        .collect();
    let begun = Instant::now();
    let _ = start.set(begun);
    barrier.wait();
    if let Some(after) = options.kill_after {
        std::thread::sleep(
            (begun + Duration::from_secs(after)).saturating_duration_since(Instant::now()),
        );
        let victim = &mut servers[1];
        victim.kill();
        victim.killed_at = Some(begun.elapsed());
    }
    let mut reports = Vec::with_capacity(threads.len());
    for thread in threads {
        reports.push(
            thread
                .join()
                .map_err(|_| "a client thread panicked".to_owned())?,
        );
    }
    let finished = begun.elapsed();
    for serving in &mut servers {
        serving.stop();
    }

    let stored = stored(&database, &format!("{run_tag}-trainee-%"))?;
    let text = summary(
        options, &database, set_up, finished, &reports, &stored, &servers,
    );
    let (lost, duplicated, acknowledged) = losses(&reports, &stored);
    Ok(Report {
        text,
        passed: lost == 0 && duplicated == 0 && acknowledged > 0,
    })
}

/// Acknowledged sessions not stored, uids stored more than once, and the acknowledged count.
fn losses(reports: &[ClientReport], stored: &Stored) -> (usize, usize, usize) {
    let acknowledged: HashSet<&str> = reports
        .iter()
        .flat_map(|report| report.acknowledged.iter().map(String::as_str))
        .collect();
    let lost = acknowledged
        .iter()
        .filter(|uid| !stored.sessions.contains_key(**uid) || !stored.submissions.contains(**uid))
        .count();
    let duplicated = stored.sessions.values().filter(|&&rows| rows > 1).count();
    (lost, duplicated, acknowledged.len())
}

fn summary(
    options: &Options,
    database: &Database,
    set_up: Duration,
    finished: Duration,
    reports: &[ClientReport],
    stored: &Stored,
    servers: &[Serving],
) -> String {
    use std::fmt::Write as _;
    let sum = |field: fn(&ClientReport) -> u64| reports.iter().map(field).sum::<u64>();
    let mut submits: Vec<u64> = reports
        .iter()
        .flat_map(|r| r.submit_micros.iter().copied())
        .collect();
    let mut starts: Vec<u64> = reports
        .iter()
        .flat_map(|r| r.start_micros.iter().copied())
        .collect();
    submits.sort_unstable();
    starts.sort_unstable();
    let mut errors: BTreeMap<&str, u64> = BTreeMap::new();
    for report in reports {
        for (kind, count) in &report.errors {
            *errors.entry(kind).or_default() += count;
        }
    }
    let acknowledged: HashSet<&str> = reports
        .iter()
        .flat_map(|report| report.acknowledged.iter().map(String::as_str))
        .collect();
    let (lost, duplicated, _) = losses(reports, stored);
    let verified = acknowledged.len() - lost;
    let unacknowledged_stored = stored
        .submissions
        .iter()
        .filter(|uid| !acknowledged.contains(uid.as_str()))
        .count();
    let sessions_without_submission = stored
        .sessions
        .keys()
        .filter(|uid| !stored.submissions.contains(*uid))
        .count();

    let mut out = String::new();
    let _ = writeln!(out, "rapport serve under load");
    let _ = writeln!(
        out,
        "clients: {}   servers: {}   seconds: {}   offered: {}   database: {}   connections per server: {}",
        options.clients,
        options.servers,
        options.seconds,
        options.rate.map_or_else(
            || "as fast as answered (closed load)".to_owned(),
            |rate| format!("{rate} sessions/s (open load)")
        ),
        database.describe(),
        options
            .connections
            .map_or_else(|| "the server's default".to_owned(), |n| n.to_string())
    );
    let _ = writeln!(
        out,
        "setup: {} trainees created and signed in in {:.1} s; run and settling took {:.1} s",
        options.clients,
        set_up.as_secs_f64(),
        finished.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "sessions verified per second: {:.1}   ({verified} acknowledged and found stored / {} s)",
        verified as f64 / options.seconds as f64,
        options.seconds
    );
    let _ = writeln!(
        out,
        "acknowledged: {}  (201 created: {}, 200 already stored: {})   started: {}   started but not sent when the run ended: {}",
        acknowledged.len(),
        sum(|r| r.created),
        sum(|r| r.already_stored),
        sum(|r| r.started),
        sum(|r| r.never_sent)
    );
    let _ = writeln!(
        out,
        "submission latency ms: p50 {:.1}   p90 {:.1}   p99 {:.1}   max {:.1}   (n = {})",
        quantile_ms(&submits, 0.50),
        quantile_ms(&submits, 0.90),
        quantile_ms(&submits, 0.99),
        quantile_ms(&submits, 1.0),
        submits.len()
    );
    let _ = writeln!(
        out,
        "start latency ms:      p50 {:.1}   p99 {:.1}   max {:.1}   (n = {})",
        quantile_ms(&starts, 0.50),
        quantile_ms(&starts, 0.99),
        quantile_ms(&starts, 1.0),
        starts.len()
    );
    let _ = writeln!(
        out,
        "retries: {}   failovers: {}   refused for good: {}   unsettled after the {} s grace: {}",
        sum(|r| r.retries),
        sum(|r| r.failovers),
        sum(|r| r.refused),
        GRACE.as_secs(),
        sum(|r| r.unresolved)
    );
    if errors.is_empty() {
        let _ = writeln!(out, "errors: none");
    } else {
        let _ = writeln!(out, "errors by kind:");
        for (kind, count) in &errors {
            let _ = writeln!(out, "  {count:>7}  {kind}");
        }
    }
    let _ = writeln!(
        out,
        "stored: {} submissions, {} sessions; stored but never acknowledged: {} (a request that committed but whose answer was lost); sessions without a submission row: {}",
        stored.submissions.len(),
        stored.sessions.len(),
        unacknowledged_stored,
        sessions_without_submission
    );
    for (index, serving) in servers.iter().enumerate() {
        let internal = serving.log.internal_errors.load(Ordering::Relaxed);
        let lines = serving.log.lines.load(Ordering::Relaxed);
        let killed = serving.killed_at.map_or_else(String::new, |at| {
            format!(", killed -9 at {:.1} s", at.as_secs_f64())
        });
        let _ = writeln!(
            out,
            "server {}: {lines} log lines, {internal} internal errors{killed}",
            index + 1
        );
        if internal > 0 {
            for line in serving
                .log
                .first
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .filter(|line| line.contains("internal error"))
                .take(3)
            {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    let _ = writeln!(
        out,
        "lost (acknowledged, not stored): {lost}   duplicated (stored more than once): {duplicated}   {}",
        if lost == 0 && duplicated == 0 && !acknowledged.is_empty() {
            "PASS"
        } else {
            "FAIL"
        }
    );
    out
}
