//! `rapport serve` as its users meet it: a real server process over a real database
//! (PostgreSQL when `RAPPORT_TEST_DATABASE` names a server, as `.ci/test` does; a SQLite file
//! otherwise), driven by a real HTTP client and by the `rapport` command line. Each of the
//! forgeries the leaderboards once accepted is tried here and must fail.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rapport_client::{ClientError, Server};
use rapport_core::analysis::Analysis;
use rapport_core::scenario::load_file;
use rapport_core::scenario::model::Scenario;
use rapport_core::session::{Choice, Session};
use rapport_core::submission::{Competition, NewAccount, Role, Submission};

const ADMIN_PASSWORD: &str = "admin-password-1";
const PASSWORD: &str = "a-long-password";
const SCENARIO: &str = "billing-error-callback.ron";

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_rapport")
}

fn scratch(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "rapport-server-test-{name}-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn scenario() -> Arc<Scenario> {
    Arc::new(load_file(&scenarios().join(SCENARIO)).scenario.unwrap())
}

/// A fresh database: a new PostgreSQL database on the test server, or a SQLite file.
fn database(folder: &Path) -> String {
    match std::env::var("RAPPORT_TEST_DATABASE") {
        Ok(url) if !url.is_empty() => {
            static COUNT: AtomicUsize = AtomicUsize::new(0);
            let name = format!(
                "rapport_server_{}_{}",
                std::process::id(),
                COUNT.fetch_add(1, Ordering::SeqCst)
            );
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            // One statement each: neither runs inside a transaction block.
            client
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .unwrap();
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
            let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
            format!("{base}/{name}")
        }
        _ => {
            assert!(
                std::env::var_os("RAPPORT_REQUIRE_POSTGRES").is_none(),
                "RAPPORT_REQUIRE_POSTGRES is set but RAPPORT_TEST_DATABASE names no server"
            );
            folder.join("server.sqlite").display().to_string()
        }
    }
}

/// `rapport` with a data folder of its own and no password in the environment.
fn rapport(data_dir: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .env("RAPPORT_DATA_DIR", data_dir)
        .env_remove("RAPPORT_DATABASE")
        .env_remove("RAPPORT_PASSWORD")
        .env_remove("RAPPORT_NEW_PASSWORD")
        .arg("--scenarios")
        .arg(scenarios());
    command
}

fn run_ok(command: &mut Command) -> String {
    let output = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} failed: {text}");
    text
}

/// A running `rapport serve` process; killed when dropped.
struct Serving {
    child: Child,
    url: String,
    log: Arc<std::sync::Mutex<String>>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    /// Starts a server on `database` (already migrated) listening on `listen`.
    fn start(folder: &Path, database: &str, listen: &str, tls: Option<(&Path, &Path)>) -> Self {
        Self::start_with(folder, database, listen, tls, |_| {})
    }

    /// [`Serving::start`], with more of `rapport serve`'s options set by `options`.
    fn start_with(
        folder: &Path,
        database: &str,
        listen: &str,
        tls: Option<(&Path, &Path)>,
        options: impl FnOnce(&mut Command),
    ) -> Self {
        let mut command = rapport(folder);
        command
            .args(["serve", "--database", database, "--listen", listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        options(&mut command);
        if let Some((cert, key)) = tls {
            command
                .arg("--tls-cert")
                .arg(cert)
                .arg("--tls-key")
                .arg(key);
        }
        let mut child = command.spawn().unwrap();
        let log = Arc::new(std::sync::Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let errors = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                errors.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http"))
            .unwrap_or_else(|| panic!("the server did not start: {line} {}", log.lock().unwrap()))
            .to_owned();
        let printed = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                printed.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        log.lock().unwrap().push_str(&line);
        Serving { child, url, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

/// A migrated database with an admin, and a server on it.
struct Site {
    folder: PathBuf,
    database: String,
    server: Serving,
}

impl Site {
    fn new(name: &str) -> Self {
        let folder = scratch(name);
        let database = database(&folder);
        run_ok(rapport(&folder).args(["server", "migrate", "--database", &database]));
        run_ok(
            rapport(&folder)
                .env("RAPPORT_NEW_PASSWORD", ADMIN_PASSWORD)
                .args(["server", "add-admin", "--database", &database, "Ada"]),
        );
        let server = Serving::start(&folder, &database, "127.0.0.1:0", None);
        Site {
            folder,
            database,
            server,
        }
    }

    fn url(&self) -> &str {
        &self.server.url
    }

    fn sign_in(&self, name: &str, password: &str) -> Server {
        let server = Server::new(self.url(), None).unwrap();
        let signed = server.sign_in(name, password).unwrap();
        server.with_token(signed.token)
    }

    fn admin(&self) -> Server {
        self.sign_in("Ada", ADMIN_PASSWORD)
    }

    /// A trainer with a cohort of the same name plus "-cohort", with teams Blue and Red.
    fn trainer(&self, name: &str) -> Server {
        self.admin()
            .create_account(&account(name, Role::Trainer, None, ""))
            .unwrap();
        let trainer = self.sign_in(name, PASSWORD);
        let cohort = format!("{name}-cohort");
        trainer.create_cohort(&cohort).unwrap();
        trainer.create_team(&cohort, "Blue").unwrap();
        trainer.create_team(&cohort, "Red").unwrap();
        trainer
    }

    fn trainee(&self, trainer: &Server, trainer_name: &str, name: &str, team: &str) -> Server {
        let cohort = format!("{trainer_name}-cohort");
        trainer
            .create_account(&account(name, Role::Trainee, Some(&cohort), team))
            .unwrap();
        self.sign_in(name, PASSWORD)
    }
}

fn account(name: &str, role: Role, cohort: Option<&str>, team: &str) -> NewAccount {
    NewAccount {
        name: name.into(),
        password: PASSWORD.into(),
        role,
        cohort: cohort.map(str::to_owned),
        team: team.into(),
    }
}

/// The turn time the tests claim for each choice: a fast but human pace.
const TURN_MILLIS: u32 = 300;

/// Plays `choices` (the scenario's own reply indices; `None` for the best path) on a session
/// the server started, waiting as long as the claimed turn times need, and returns what would
/// be submitted.
fn played(server: &Server, choices: Option<Vec<Choice>>, competition: Option<i64>) -> Submission {
    let scenario = scenario();
    let play = server
        .start_play(&scenario.content_hash.0, competition)
        .unwrap();
    let started = Instant::now();
    let choices = choices.unwrap_or_else(|| Analysis::of(&scenario).best_choices());
    let mut session = Session::new(Arc::clone(&scenario), play.seed);
    for choice in &choices {
        session.choose(*choice).unwrap();
    }
    let millis = vec![TURN_MILLIS; choices.len()];
    // The server allows 2 s for the requests' travel; the rest must have passed.
    let needed = Duration::from_millis(u64::from(TURN_MILLIS) * choices.len() as u64);
    if let Some(wait) = needed.checked_sub(Duration::from_millis(1_500) + started.elapsed()) {
        std::thread::sleep(wait);
    }
    Submission {
        uid: play.uid,
        scenario_id: scenario.meta.id.clone(),
        content_hash: scenario.content_hash.0.clone(),
        seed: play.seed,
        choices,
        millis,
        ending: session.ending().map(|ending| ending.id.clone()),
        offline: false,
        typed: Vec::new(),
        language: None,
    }
}

fn refused(result: Result<impl std::fmt::Debug, ClientError>, status: u16, words: &str) {
    match result {
        Err(ClientError::Refused {
            status: got,
            reason,
        }) => {
            assert_eq!(got, status, "{reason}");
            assert!(reason.contains(words), "`{reason}` does not say `{words}`");
        }
        other => panic!("expected a {status} refusal saying `{words}`, got {other:?}"),
    }
}

#[test]
fn a_cohort_signs_in_plays_and_sees_one_board_scored_by_the_server() {
    let site = Site::new("cohort");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let ali = site.trainee(&trainer, "Tess", "Ali", "Red");
    let best = played(&dana, None, None);
    let receipt = dana.submit(&best).unwrap();
    assert_eq!(
        receipt.score,
        Some(100),
        "the best path, scored by the server"
    );
    assert!(receipt.ranked && !receipt.already_stored);
    // Ali takes the first reply every time, to an ending.
    let scenario = scenario();
    let mut session = Session::new(Arc::clone(&scenario), 1);
    let mut firsts = Vec::new();
    while let Some(prompt) = session.prompt().cloned() {
        let choice = *prompt
            .options
            .iter()
            .min_by_key(|choice| match choice {
                Choice::Response(index) => *index,
                _ => u8::MAX,
            })
            .unwrap();
        session.choose(choice).unwrap();
        firsts.push(choice);
    }
    let ali_receipt = ali.submit(&played(&ali, Some(firsts), None)).unwrap();
    assert!(ali_receipt.score.unwrap() < 100);

    let hash = &scenario.content_hash.0;
    let board = dana.board(hash, None, false).unwrap();
    assert_eq!(board.cohort, "Tess-cohort");
    let names: Vec<(&str, &str, u8)> = board
        .trainees
        .iter()
        .map(|line| (line.name.as_str(), line.team.as_str(), line.best))
        .collect();
    assert_eq!(
        names,
        [
            ("Dana", "Blue", 100),
            ("Ali", "Red", ali_receipt.score.unwrap())
        ]
    );
    assert_eq!(board.teams.len(), 2);
    assert_eq!(
        trainer.board(hash, Some("Tess-cohort"), false).unwrap(),
        board
    );

    // The same board from the command line, signed in as Ali.
    let ali_dir = site.folder.join("ali");
    run_ok(rapport(&ali_dir).env("RAPPORT_PASSWORD", PASSWORD).args([
        "login",
        site.url(),
        "--name",
        "Ali",
    ]));
    let printed = run_ok(rapport(&ali_dir).args(["board", "billing-error-callback"]));
    assert!(printed.contains("cohort Tess-cohort"), "{printed}");
    let dana_line = printed.lines().position(|l| l.contains("Dana")).unwrap();
    let ali_line = printed.lines().position(|l| l.contains("Ali")).unwrap();
    assert!(dana_line < ali_line, "{printed}");
    assert!(printed.contains("best 100"), "{printed}");
    // The server never logged a password.
    assert!(!site.server.log().contains(PASSWORD));
    assert!(!site.server.log().contains(ADMIN_PASSWORD));
}

#[test]
fn a_perfect_session_nobody_played_is_refused_or_left_unranked() {
    let site = Site::new("forged-best");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let scenario = scenario();
    let best = Analysis::of(&scenario).best_choices();
    let mut session = Session::new(Arc::clone(&scenario), 7);
    for choice in &best {
        session.choose(*choice).unwrap();
    }
    let hand_written = Submission {
        uid: rapport_core::record::new_uid(),
        scenario_id: scenario.meta.id.clone(),
        content_hash: scenario.content_hash.0.clone(),
        seed: 7,
        choices: best.clone(),
        millis: vec![TURN_MILLIS; best.len()],
        ending: session.ending().map(|ending| ending.id.clone()),
        offline: false,
        typed: Vec::new(),
        language: None,
    };
    // Not started by the server: refused.
    refused(
        dana.submit(&hand_written),
        404,
        "did not start this session",
    );
    // Marked offline: kept, never ranked.
    let offline = Submission {
        offline: true,
        ..hand_written.clone()
    };
    let receipt = dana.submit(&offline).unwrap();
    assert_eq!(receipt.score, Some(100));
    assert!(!receipt.ranked);
    assert!(
        dana.board(&scenario.content_hash.0, None, false)
            .unwrap()
            .trainees
            .is_empty()
    );

    // Started by the server, but submitted at once: more time claimed than passed.
    let play = dana.start_play(&scenario.content_hash.0, None).unwrap();
    let instant = Submission {
        uid: play.uid.clone(),
        seed: play.seed,
        millis: vec![5_000; best.len()],
        ..hand_written.clone()
    };
    refused(
        dana.submit(&instant),
        422,
        "passed since the server started it",
    );
    // Turn times no person could have.
    let superhuman = Submission {
        millis: vec![10; best.len()],
        ..instant.clone()
    };
    refused(dana.submit(&superhuman), 422, "nobody reads a line");
    // A seed of its own choosing.
    let own_seed = Submission {
        seed: play.seed.wrapping_add(1),
        millis: vec![TURN_MILLIS; best.len()],
        ..instant.clone()
    };
    refused(
        dana.submit(&own_seed),
        422,
        "not the one the server started it with",
    );
    // An ending the choices do not reach, and a choice the scenario does not offer.
    let wrong_ending = Submission {
        ending: Some("customer-leaves".into()),
        ..played(&dana, None, None)
    };
    refused(dana.submit(&wrong_ending), 422, "claims ending");
    let mut impossible = played(&dana, None, None);
    impossible.choices[0] = Choice::Response(99);
    refused(dana.submit(&impossible), 422, "cannot be replayed");
    assert!(
        dana.board(&scenario.content_hash.0, None, false)
            .unwrap()
            .trainees
            .is_empty()
    );
}

#[test]
fn a_colleagues_session_cannot_be_submitted_under_another_name() {
    let site = Site::new("colleague");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let ali = site.trainee(&trainer, "Tess", "Ali", "Red");
    let danas = played(&dana, None, None);
    // Ali cannot claim the id of a session Dana started, nor Dana start it twice differently.
    refused(
        ali.register_play(&danas.content_hash, &danas.uid, danas.seed, None, None),
        409,
        "already started",
    );
    assert!(
        dana.register_play(&danas.content_hash, &danas.uid, danas.seed, None, None)
            .is_ok(),
        "the same registration again is the same session"
    );
    refused(
        dana.register_play(&danas.content_hash, &danas.uid, danas.seed ^ 1, None, None),
        409,
        "already started",
    );
    // Ali sends Dana's session before or after she does: it is hers.
    refused(ali.submit(&danas), 403, "started by another account");
    dana.submit(&danas).unwrap();
    refused(ali.submit(&danas), 403, "started by another account");
    // Under a new id, as offline: kept for Ali, never ranked.
    let copied = Submission {
        uid: rapport_core::record::new_uid(),
        offline: true,
        ..danas.clone()
    };
    assert!(!ali.submit(&copied).unwrap().ranked);
    let board = ali.board(&danas.content_hash, None, false).unwrap();
    let names: Vec<&str> = board.trainees.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Dana"]);
}

#[test]
fn an_edited_scenario_version_is_refused() {
    let site = Site::new("edited");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let edited = "0".repeat(64);
    refused(
        dana.start_play(&edited, None),
        404,
        "holds no scenario version",
    );
    let mut session = played(&dana, None, None);
    session.content_hash = edited.clone();
    refused(
        dana.submit(&session),
        422,
        "not the one the server started it with",
    );
    let offline = Submission {
        uid: rapport_core::record::new_uid(),
        offline: true,
        ..session
    };
    refused(dana.submit(&offline), 422, "holds no scenario version");
}

#[test]
fn a_retry_counts_once_and_the_same_id_with_different_content_is_refused_loudly() {
    let site = Site::new("idempotent");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let session = played(&dana, None, None);
    let first = dana.submit(&session).unwrap();
    let again = dana.submit(&session).unwrap();
    assert!(!first.already_stored && again.already_stored);
    assert_eq!(first.received_at_ms, again.received_at_ms);
    let different = Submission {
        millis: session.millis.iter().map(|m| m + 1).collect(),
        ..session.clone()
    };
    refused(
        dana.submit(&different),
        409,
        "different session is already stored",
    );
    let board = dana.board(&session.content_hash, None, false).unwrap();
    assert_eq!(board.trainees[0].sessions, 1);
}

#[test]
fn every_endpoint_refuses_whoever_may_not_call_it() {
    let site = Site::new("authorisation");
    let tess = site.trainer("Tess");
    let omar = site.trainer("Omar");
    let dana = site.trainee(&tess, "Tess", "Dana", "Blue");
    let hash = scenario().content_hash.0.clone();
    // No token, or a made-up one.
    let anonymous = Server::new(site.url(), None).unwrap();
    assert!(matches!(anonymous.me(), Err(ClientError::SignedOut(_))));
    let forged = Server::new(site.url(), None)
        .unwrap()
        .with_token("f".repeat(64));
    assert!(matches!(forged.scenarios(), Err(ClientError::SignedOut(_))));
    // A trainee creates nothing and sees only their own cohort.
    refused(
        dana.create_account(&account("Eve", Role::Trainee, Some("Tess-cohort"), "")),
        403,
        "trainee",
    );
    refused(
        dana.create_account(&account("Eve", Role::Admin, None, "")),
        403,
        "trainee",
    );
    refused(dana.create_cohort("Mine"), 403, "trainee");
    refused(dana.create_team("Tess-cohort", "Green"), 403, "trainer");
    refused(
        dana.board(&hash, Some("Omar-cohort"), false),
        403,
        "own cohort",
    );
    refused(
        dana.create_competition(&Competition {
            id: 0,
            name: "Mine".into(),
            cohort: "Tess-cohort".into(),
            content_hashes: vec![hash.clone()],
            starts_at: 0,
            ends_at: i64::MAX,
            teams: Vec::new(),
            assessment: false,
        }),
        403,
        "trainee",
    );
    // A trainer works only in their own cohorts and cannot make trainers.
    refused(
        omar.create_account(&account("Eve", Role::Trainee, Some("Tess-cohort"), "")),
        403,
        "another trainer",
    );
    refused(
        omar.create_account(&account("Eve", Role::Trainer, None, "")),
        403,
        "admin creates trainers",
    );
    refused(omar.create_team("Tess-cohort", "Green"), 403, "trainer");
    refused(
        omar.board(&hash, Some("Tess-cohort"), false),
        403,
        "another trainer",
    );
    assert!(tess.board(&hash, Some("Tess-cohort"), false).is_ok());
    assert!(
        site.admin()
            .board(&hash, Some("Tess-cohort"), false)
            .is_ok()
    );
    // A trainee cannot submit for someone else: the name comes from the token, and a session
    // started by another account is refused (see a_colleagues_session...).
    let dana_play = played(&dana, None, None);
    assert_eq!(dana.me().unwrap().name, "Dana");
    refused(omar.submit(&dana_play), 403, "another account");
    // Signing out revokes the token.
    dana.sign_out().unwrap();
    assert!(matches!(dana.me(), Err(ClientError::SignedOut(_))));
}

#[test]
fn sign_in_is_rate_limited_per_name() {
    let site = Site::new("rate-limit");
    let server = Server::new(site.url(), None).unwrap();
    for _ in 0..5 {
        assert!(matches!(
            server.sign_in("Ada", "wrong-password-here"),
            Err(ClientError::SignedOut(_))
        ));
    }
    // Even the right password waits now.
    refused(
        server.sign_in("Ada", ADMIN_PASSWORD),
        429,
        "too many failed sign-ins",
    );
    // An unknown name answers the same as a wrong password.
    assert!(matches!(
        server.sign_in("Nobody", "wrong-password-here"),
        Err(ClientError::SignedOut(reason)) if reason.contains("wrong name or password")
    ));
}

#[test]
fn hostile_requests_are_refused_without_detail() {
    let site = Site::new("hostile");
    let admin = site.admin();
    // Names that would rewrite a terminal or a log.
    refused(
        admin.create_account(&account("Eve\u{1b}[2J", Role::Trainer, None, "")),
        400,
        "control characters",
    );
    refused(
        admin.create_account(&account(&"x".repeat(65), Role::Trainer, None, "")),
        400,
        "at most 64",
    );
    let short = NewAccount {
        password: "short".into(),
        ..account("Eve", Role::Trainer, None, "")
    };
    refused(admin.create_account(&short), 400, "at least 10");
    // A body over the limit, and one that is not JSON.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let huge = format!(
        "{{\"name\":\"{}\",\"password\":\"x\"}}",
        "x".repeat(200_000)
    );
    // The server may answer before the body has all been sent, and close: refused either way.
    match agent
        .post(format!("{}/api/sign-in", site.url()))
        .header("Content-Type", "application/json")
        .send(huge)
    {
        Ok(response) => assert_eq!(response.status().as_u16(), 400),
        Err(ureq::Error::Io(error)) => assert!(
            matches!(
                error.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            ),
            "{error}"
        ),
        Err(error) => panic!("{error}"),
    }
    let response = agent
        .post(format!("{}/api/sign-in", site.url()))
        .header("Content-Type", "application/json")
        .send("{not json")
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // The server still serves.
    assert_eq!(admin.me().unwrap().name, "Ada");
}

#[test]
fn a_session_survives_a_server_killed_mid_play_and_arrives_exactly_once() {
    let folder = scratch("killed");
    let database = database(&folder);
    run_ok(rapport(&folder).args(["server", "migrate", "--database", &database]));
    run_ok(
        rapport(&folder)
            .env("RAPPORT_NEW_PASSWORD", ADMIN_PASSWORD)
            .args(["server", "add-admin", "--database", &database, "Ada"]),
    );
    // A fixed port, so the restarted server is where the trainee's sign-in points.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let listen = format!("127.0.0.1:{port}");
    let mut serving = Serving::start(&folder, &database, &listen, None);
    let site_url = serving.url.clone();
    let admin = Server::new(&site_url, None).unwrap();
    let admin = admin
        .clone()
        .with_token(admin.sign_in("Ada", ADMIN_PASSWORD).unwrap().token);
    admin
        .create_account(&account("Tess", Role::Trainer, None, ""))
        .unwrap();
    let tess = Server::new(&site_url, None).unwrap();
    let tess = tess
        .clone()
        .with_token(tess.sign_in("Tess", PASSWORD).unwrap().token);
    tess.create_cohort("Night").unwrap();
    tess.create_account(&account("Dana", Role::Trainee, Some("Night"), ""))
        .unwrap();

    let dana_dir = folder.join("dana");
    run_ok(
        rapport(&dana_dir)
            .env("RAPPORT_PASSWORD", PASSWORD)
            .args(["login", &site_url, "--name", "Dana"]),
    );
    // Dana plays in the terminal, a reply every 300 ms; the server dies mid-session.
    let play = rapport(&dana_dir)
        .args(["play", "--text"])
        .arg(scenarios().join(SCENARIO))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    serving.child.kill().unwrap();
    serving.child.wait().unwrap();
    let output = answer_at_a_human_pace(play, "1");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("Playing as Dana"), "{printed}");
    assert!(printed.contains("could not take this session"), "{printed}");
    let outbox = dana_dir.join("server-outbox");
    assert_eq!(
        std::fs::read_dir(&outbox).unwrap().count(),
        1,
        "kept on disk"
    );

    // The server comes back; `rapport sync` sends the session, once.
    drop(serving);
    let serving = Serving::start(&folder, &database, &listen, None);
    let synced = run_ok(rapport(&dana_dir).arg("sync"));
    assert!(synced.contains("Sent a waiting session"), "{synced}");
    let again = run_ok(rapport(&dana_dir).arg("sync"));
    assert!(again.contains("Nothing waits"), "{again}");
    // A lost acknowledgement: the same session sent again is recognised, not counted twice.
    let dana = Server::new(&serving.url, None).unwrap();
    let dana = dana
        .clone()
        .with_token(dana.sign_in("Dana", PASSWORD).unwrap().token);
    let session = played(&dana, None, None);
    dana.submit(&session).unwrap();
    rapport_client::SubmissionOutbox::in_data_dir(&dana_dir)
        .keep(&rapport_client::outbox::Waiting {
            url: serving.url.clone(),
            submission: session.clone(),
        })
        .unwrap();
    let resent = run_ok(rapport(&dana_dir).arg("sync"));
    assert!(resent.contains("already had it"), "{resent}");
    let (finished, abandoned) = count_sessions(&database);
    assert_eq!(
        finished + abandoned,
        2,
        "the terminal session and the best run, once each"
    );
    let board = dana.board(&session.content_hash, None, false).unwrap();
    assert_eq!(board.trainees.len(), 1);
    assert_eq!(i64::from(board.trainees[0].sessions), finished);
    assert_eq!(board.trainees[0].best, 100);
}

/// Answers a terminal session `reply` every 300 ms (faster turns the server refuses) until it
/// ends, and returns what it printed.
fn answer_at_a_human_pace(mut play: Child, reply: &str) -> std::process::Output {
    let mut input = play.stdin.take().unwrap();
    // The server refuses a turn under 250 ms. The first prompt comes only after the client
    // has signed in and fetched its session, which on a loaded machine took long enough that
    // an answer written 300 ms after the start was read as 227 ms: wait well past it, and keep
    // each later answer 450 ms after the one before.
    std::thread::sleep(Duration::from_millis(1200));
    for _ in 0..40 {
        std::thread::sleep(Duration::from_millis(450));
        if writeln!(input, "{reply}").is_err() {
            break;
        }
    }
    drop(input);
    play.wait_with_output().unwrap()
}

/// Sessions stored on the database (finished, abandoned).
fn count_sessions(database: &str) -> (i64, i64) {
    let count = |status: &str| -> i64 {
        if database.starts_with("postgres") {
            let mut client = postgres::Client::connect(database, postgres::NoTls).unwrap();
            client
                .query_one(
                    "SELECT COUNT(*) FROM sessions WHERE status = $1",
                    &[&status],
                )
                .unwrap()
                .get(0)
        } else {
            rusqlite::Connection::open(database)
                .unwrap()
                .query_row(
                    "SELECT COUNT(*) FROM sessions WHERE status = ?1",
                    [status],
                    |row| row.get(0),
                )
                .unwrap()
        }
    };
    (count("finished"), count("abandoned"))
}

#[test]
fn two_servers_on_one_database_serve_the_same_boards() {
    let site = Site::new("two-servers");
    let second = Serving::start(&site.folder, &site.database, "127.0.0.1:0", None);
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    // Signed in on the first, submitted on the second with the same token.
    let session = played(&dana, None, None);
    let token = {
        let signed = Server::new(site.url(), None)
            .unwrap()
            .sign_in("Dana", PASSWORD)
            .unwrap();
        signed.token
    };
    let on_second = Server::new(&second.url, None).unwrap().with_token(token);
    assert_eq!(on_second.submit(&session).unwrap().score, Some(100));
    assert_eq!(
        dana.board(&session.content_hash, None, false).unwrap(),
        on_second.board(&session.content_hash, None, false).unwrap()
    );
    assert_eq!(
        dana.board(&session.content_hash, None, false)
            .unwrap()
            .trainees[0]
            .best,
        100
    );
}

#[test]
fn competitions_pin_versions_and_teams_and_have_their_own_board() {
    let site = Site::new("competition");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let ali = site.trainee(&trainer, "Tess", "Ali", "Red");
    let hash = scenario().content_hash.0.clone();
    let other = load_file(&scenarios().join("price-only-shopper.ron"))
        .scenario
        .unwrap()
        .content_hash
        .0;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let competition = trainer
        .create_competition(&Competition {
            id: 0,
            name: "Friday final".into(),
            cohort: "Tess-cohort".into(),
            content_hashes: vec![hash.clone()],
            starts_at: now - 60,
            ends_at: now + 3600,
            teams: vec!["Blue".into()],
            assessment: true,
        })
        .unwrap();
    assert!(competition.id > 0);
    assert_eq!(
        dana.competitions(None).unwrap(),
        std::slice::from_ref(&competition)
    );
    refused(
        dana.start_play(&other, Some(competition.id)),
        422,
        "does not include",
    );
    refused(
        ali.start_play(&hash, Some(competition.id)),
        403,
        "does not compete",
    );
    // A session outside the competition does not count on its board.
    dana.submit(&played(&dana, None, None)).unwrap();
    assert!(
        dana.competition_board(competition.id, &hash, false)
            .unwrap()
            .trainees
            .is_empty()
    );
    dana.submit(&played(&dana, None, Some(competition.id)))
        .unwrap();
    let board = dana
        .competition_board(competition.id, &hash, false)
        .unwrap();
    assert_eq!(board.competition, Some(competition.id));
    assert_eq!(board.trainees.len(), 1);
    assert_eq!(board.trainees[0].sessions, 1);
    // In the terminal: a round of an assessment holds every card for the debrief.
    let dana_dir = site.folder.join("dana");
    run_ok(rapport(&dana_dir).env("RAPPORT_PASSWORD", PASSWORD).args([
        "login",
        site.url(),
        "--name",
        "Dana",
    ]));
    let play = rapport(&dana_dir)
        .args([
            "play",
            "--text",
            "--competition",
            &competition.id.to_string(),
        ])
        .arg(scenarios().join(SCENARIO))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let output = answer_at_a_human_pace(play, "1");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("is an assessment"), "{printed}");
    assert!(printed.contains("Sent to the results server"), "{printed}");

    // Another cohort cannot see it.
    let omar = site.trainer("Omar");
    refused(
        omar.competition_board(competition.id, &hash, false),
        403,
        "another cohort",
    );

    // A hot-seat round at the trainer's keyboard: the trainer starts and sends each turn for
    // the trainee at the keyboard, and it counts as the trainee's.
    let scenario = scenario();
    let best = Analysis::of(&scenario).best_choices();
    let uid = rapport_core::record::new_uid();
    trainer
        .register_play(&hash, &uid, 11, Some(competition.id), Some("Dana"))
        .unwrap();
    refused(
        omar.register_play(
            &hash,
            &rapport_core::record::new_uid(),
            11,
            None,
            Some("Dana"),
        ),
        403,
        "not a trainee of one of your cohorts",
    );
    refused(
        dana.register_play(
            &hash,
            &rapport_core::record::new_uid(),
            11,
            None,
            Some("Ali"),
        ),
        403,
        "their own sessions only",
    );
    refused(
        trainer.register_play(
            &hash,
            &rapport_core::record::new_uid(),
            11,
            Some(competition.id),
            Some("Ali"),
        ),
        403,
        "does not compete",
    );
    let mut session = Session::new(Arc::clone(&scenario), 11);
    for choice in &best {
        session.choose(*choice).unwrap();
    }
    std::thread::sleep(Duration::from_millis(
        (u64::from(TURN_MILLIS) * best.len() as u64).saturating_sub(1_500),
    ));
    let round = Submission {
        uid,
        scenario_id: scenario.meta.id.clone(),
        content_hash: hash.clone(),
        seed: 11,
        choices: best.clone(),
        millis: vec![TURN_MILLIS; best.len()],
        ending: session.ending().map(|ending| ending.id.clone()),
        offline: false,
        typed: Vec::new(),
        language: None,
    };
    refused(omar.submit(&round), 403, "another account");
    assert_eq!(trainer.submit(&round).unwrap().score, Some(100));
    let board = dana
        .competition_board(competition.id, &hash, false)
        .unwrap();
    assert_eq!(board.trainees[0].name, "Dana");
    assert_eq!(
        board.trainees[0].sessions, 3,
        "her round, her round in the terminal, and the round Tess ran for her"
    );
}

#[test]
fn tls_with_a_self_signed_certificate() {
    let folder = scratch("tls");
    let database = database(&folder);
    run_ok(rapport(&folder).args(["server", "migrate", "--database", &database]));
    run_ok(
        rapport(&folder)
            .env("RAPPORT_NEW_PASSWORD", ADMIN_PASSWORD)
            .args(["server", "add-admin", "--database", &database, "Ada"]),
    );
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let cert = folder.join("cert.pem");
    let key = folder.join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let serving = Serving::start(&folder, &database, "127.0.0.1:0", Some((&cert, &key)));
    assert!(serving.url.starts_with("https://"));
    let url = serving.url.replace("127.0.0.1", "localhost");
    // Without the certificate, the client refuses to talk.
    let untrusting = Server::new(&url, None).unwrap();
    assert!(matches!(
        untrusting.sign_in("Ada", ADMIN_PASSWORD),
        Err(ClientError::Unreachable(_))
    ));
    // With it, over the command line.
    let data = folder.join("admin");
    let printed = run_ok(
        rapport(&data)
            .env("RAPPORT_PASSWORD", ADMIN_PASSWORD)
            .args(["login", &url, "--name", "Ada", "--ca-file"])
            .arg(&cert),
    );
    assert!(printed.contains("Signed in"), "{printed}");
    let printed = run_ok(rapport(&data).args(["trainer", "cohort", "Night"]));
    assert!(printed.contains("Cohort `Night` created"), "{printed}");
}

#[test]
fn a_trainers_import_is_replayed_kept_as_imported_and_never_ranked() {
    let site = Site::new("import");
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    // A session played on a machine without a server, exported to CSV.
    let local = site.folder.join("local");
    let mut play = rapport(&local)
        .args([
            "play",
            "--text",
            "--trainee",
            "Remote Ray",
            "--team",
            "Blue",
            "--seed",
            "5",
        ])
        .arg(scenarios().join(SCENARIO))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    play.stdin
        .take()
        .unwrap()
        .write_all("1\n".repeat(40).as_bytes())
        .unwrap();
    assert!(play.wait().unwrap().success());
    let export = site.folder.join("export.csv");
    run_ok(
        rapport(&local)
            .args(["export", "--format", "csv", "--out"])
            .arg(&export),
    );

    let tess_dir = site.folder.join("tess");
    run_ok(rapport(&tess_dir).env("RAPPORT_PASSWORD", PASSWORD).args([
        "login",
        site.url(),
        "--name",
        "Tess",
    ]));
    let import = |file: &Path| {
        rapport(&tess_dir)
            .args(["import", "--to-cohort", "Tess-cohort"])
            .arg(file)
            .output()
            .unwrap()
    };
    let first = import(&export);
    let printed = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{printed}");
    assert!(
        printed.contains("Imported 1 session into cohort Tess-cohort"),
        "{printed}"
    );
    let again = import(&export);
    assert!(String::from_utf8_lossy(&again.stdout).contains("1 already there"));
    // A hand-edited score is refused by the replay.
    let text = std::fs::read_to_string(&export).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let score = header.iter().position(|column| *column == "score").unwrap();
    let mut row: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    row[score] = "100".into();
    row[0] = rapport_core::record::new_uid();
    lines[1] = row.join(",");
    let edited = site.folder.join("edited.csv");
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let forged = import(&edited);
    assert!(!forged.status.success());
    assert!(
        String::from_utf8_lossy(&forged.stdout).contains("replaying its choices gives"),
        "{}",
        String::from_utf8_lossy(&forged.stdout)
    );
    // Imported, not ranked: the board is for sessions the server saw played.
    let hash = scenario().content_hash.0.clone();
    assert!(dana.board(&hash, None, false).unwrap().trainees.is_empty());
    // A trainee cannot import.
    let dana_dir = site.folder.join("dana");
    run_ok(rapport(&dana_dir).env("RAPPORT_PASSWORD", PASSWORD).args([
        "login",
        site.url(),
        "--name",
        "Dana",
    ]));
    let output = rapport(&dana_dir)
        .args(["import", "--to-cohort", "Tess-cohort"])
        .arg(&export)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("cannot import"));
}

#[test]
fn the_server_runs_with_the_least_privilege_role_the_docs_give() {
    let folder = scratch("least-privilege");
    let database = database(&folder);
    if !database.starts_with("postgres") {
        eprintln!("skipped: the role is PostgreSQL's (set RAPPORT_TEST_DATABASE)");
        return;
    }
    run_ok(rapport(&folder).args(["server", "migrate", "--database", &database]));
    run_ok(
        rapport(&folder)
            .env("RAPPORT_NEW_PASSWORD", ADMIN_PASSWORD)
            .args(["server", "add-admin", "--database", &database, "Ada"]),
    );
    let (base, name) = database.rsplit_once('/').unwrap();
    let role = format!("{name}_server");
    let grants = include_str!("../docs/server-role.sql")
        .replace(":\"role\"", &role)
        .replace(":\"DBNAME\"", name);
    let mut owner = postgres::Client::connect(&database, postgres::NoTls).unwrap();
    owner
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN"
        ))
        .unwrap();
    owner.batch_execute(&grants).unwrap();
    // `.ci/postgres` trusts loopback: the role signs in by name.
    let user_at = base.replacen("rapport@", &format!("{role}@"), 1);
    let as_server = format!("{user_at}/{name}");
    let serving = Serving::start(&folder, &as_server, "127.0.0.1:0", None);
    let site = Site {
        folder: folder.clone(),
        database: as_server.clone(),
        server: serving,
    };
    // Everything a cohort does works under the role.
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    let session = played(&dana, None, None);
    assert_eq!(dana.submit(&session).unwrap().score, Some(100));
    assert_eq!(
        dana.board(&session.content_hash, None, false)
            .unwrap()
            .trainees
            .len(),
        1
    );
    dana.sign_out().unwrap();
    // And the role can change no result nor the schema.
    let mut server_role = postgres::Client::connect(&as_server, postgres::NoTls).unwrap();
    for statement in [
        "UPDATE sessions SET score = 100",
        "DELETE FROM sessions",
        "UPDATE submissions SET score = 100",
        "DROP TABLE submissions",
        "UPDATE rapport_schema SET version = 99",
        "CREATE TABLE mine (x INT)",
    ] {
        let error = server_role.batch_execute(statement).unwrap_err();
        assert!(
            error.to_string().contains("permission denied")
                || error
                    .as_db_error()
                    .is_some_and(|db| db.code().code() == "42501"),
            "{statement}: {error}"
        );
    }
    drop(site);
    owner.batch_execute(&format!("DROP OWNED BY {role}")).ok();
}

#[test]
fn the_server_reconnects_when_the_database_drops_its_connections() {
    let site = Site::new("reconnect");
    if !site.database.starts_with("postgres") {
        eprintln!("skipped: needs PostgreSQL (set RAPPORT_TEST_DATABASE)");
        return;
    }
    let trainer = site.trainer("Tess");
    let dana = site.trainee(&trainer, "Tess", "Dana", "Blue");
    // As a database restart would: every connection of the server is cut.
    let name = site.database.rsplit('/').next().unwrap().to_owned();
    let mut owner = postgres::Client::connect(&site.database, postgres::NoTls).unwrap();
    let cut: i64 = owner
        .query_one(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert!(cut > 0, "the server had connections to cut");
    // Each dead connection is found out once (503, "try again") and replaced.
    let mut unavailable = 0;
    let answered = (0..40).find_map(|_| match dana.me() {
        Ok(account) => Some(account),
        Err(ClientError::Unavailable(_)) => {
            unavailable += 1;
            None
        }
        Err(error) => panic!("{error}"),
    });
    assert_eq!(answered.map(|account| account.name), Some("Dana".into()));
    assert!(unavailable <= 8, "{unavailable} refusals for 8 connections");
    // And it scores again.
    for _ in 0..16 {
        let _ = dana.me();
    }
    let session = played(&dana, None, None);
    assert_eq!(dana.submit(&session).unwrap().score, Some(100));
    assert!(
        site.server.log().contains("internal error"),
        "the cut was logged"
    );
}

#[test]
fn a_trainer_exports_a_cohort_and_nobody_else_can() {
    let site = Site::new("export");
    let tess = site.trainer("Tess");
    let omar = site.trainer("Omar");
    let dana = site.trainee(&tess, "Tess", "Dana", "Blue");
    let session = played(&dana, None, None);
    dana.submit(&session).unwrap();

    let csv = tess.export("csv", "Tess-cohort", None, None, None).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "a header and Dana's session:\n{csv}");
    assert!(lines[1].contains(&session.uid) && lines[1].contains("Dana"));
    let xapi: serde_json::Value = serde_json::from_str(
        &tess
            .export("xapi", "Tess-cohort", None, None, None)
            .unwrap(),
    )
    .unwrap();
    let statements = xapi.as_array().unwrap();
    assert!(
        statements.len() > session.choices.len(),
        "one per choice and the result"
    );
    assert!(
        statements
            .iter()
            .all(|statement| statement["context"]["registration"] == session.uid.as_str())
    );
    // Filters: a later day, and a competition with none of them.
    let later = tess
        .export("csv", "Tess-cohort", None, Some("2099-01-01"), None)
        .unwrap();
    assert_eq!(later.lines().count(), 1, "the header alone");
    let earlier = tess
        .export("csv", "Tess-cohort", None, None, Some("2020-12-31"))
        .unwrap();
    assert_eq!(earlier.lines().count(), 1, "the header alone");
    let today = &rapport_core::calendar::iso8601(rapport_core::calendar::now())[..10];
    let both = tess
        .export("csv", "Tess-cohort", None, Some(today), Some(today))
        .unwrap();
    assert_eq!(both, csv, "today's sessions, from its start to its end");
    refused(
        tess.export("csv", "Tess-cohort", None, None, Some("yesterday")),
        400,
        "not a day",
    );
    refused(
        tess.export("csv", "Tess-cohort", Some(999), None, None),
        404,
        "no competition",
    );
    refused(
        tess.export("pdf", "Tess-cohort", None, None, None),
        400,
        "not an export format",
    );
    // Only the cohort's trainer (and admins).
    refused(
        dana.export("csv", "Tess-cohort", None, None, None),
        403,
        "exports are for trainers",
    );
    refused(
        omar.export("csv", "Tess-cohort", None, None, None),
        403,
        "another trainer",
    );
    assert!(
        site.admin()
            .export("csv", "Tess-cohort", None, None, None)
            .is_ok()
    );

    // From the command line, to a file.
    let tess_dir = site.folder.join("tess");
    run_ok(rapport(&tess_dir).env("RAPPORT_PASSWORD", PASSWORD).args([
        "login",
        site.url(),
        "--name",
        "Tess",
    ]));
    let file = site.folder.join("cohort.csv");
    let printed = run_ok(
        rapport(&tess_dir)
            .args([
                "export",
                "--format",
                "csv",
                "--cohort",
                "Tess-cohort",
                "--out",
            ])
            .arg(&file),
    );
    assert!(printed.contains("Exported cohort Tess-cohort"), "{printed}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
}

/// A browser's side of the web pages: its cookies, sent back as a browser would.
struct Browser {
    base: String,
    agent: ureq::Agent,
    cookies: std::collections::BTreeMap<String, String>,
}

impl Browser {
    fn new(base: &str) -> Self {
        Browser {
            base: base.to_owned(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into(),
            cookies: Default::default(),
        }
    }

    fn keep_cookies(&mut self, response: &ureq::http::Response<ureq::Body>) {
        for header in response.headers().get_all("set-cookie") {
            let text = header.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// GET: the status, the `Location` when redirected, and the page.
    fn get(&mut self, path: &str) -> (u16, String, String) {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .call()
            .unwrap();
        self.keep_cookies(&response);
        let location = response
            .headers()
            .get("location")
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let status = response.status().as_u16();
        (
            status,
            location,
            response.body_mut().read_to_string().unwrap(),
        )
    }

    /// POSTs a form: the status and the `Location`.
    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", self.cookie_header())
            .send_form(form.iter().copied())
            .unwrap();
        self.keep_cookies(&response);
        let location = response
            .headers()
            .get("location")
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (response.status().as_u16(), location)
    }

    fn sign_in(&mut self, name: &str, password: &str) {
        self.get("/login");
        let csrf = self.cookies["rapport_csrf"].clone();
        let (status, location) = self.post(
            "/login",
            &[("csrf", &csrf), ("name", name), ("password", password)],
        );
        assert_eq!((status, location.as_str()), (303, "/"));
        assert!(self.cookies.contains_key("rapport_token"));
    }
}

#[test]
fn the_web_pages_sign_in_with_csrf_escape_every_name_and_show_only_ones_own() {
    let site = Site::new("web");
    let tess = site.trainer("Tess");
    let omar = site.trainer("Omar");
    let dana = site.trainee(&tess, "Tess", "Dana", "Blue");
    let session = played(&dana, None, None);
    dana.submit(&session).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let hostile = "<script>alert(1)</script> cup";
    let cup = tess
        .create_competition(&Competition {
            id: 0,
            name: hostile.into(),
            cohort: "Tess-cohort".into(),
            content_hashes: vec![session.content_hash.clone()],
            starts_at: now - 60,
            ends_at: now + 3600,
            teams: Vec::new(),
            assessment: false,
        })
        .unwrap();

    // Not signed in: the sign-in page.
    let mut browser = Browser::new(site.url());
    assert_eq!(browser.get("/history").1, "/login");
    // A form without this browser's CSRF value is refused, even with the right password.
    browser.get("/login");
    let (status, _) = browser.post(
        "/login",
        &[("csrf", "forged"), ("name", "Dana"), ("password", PASSWORD)],
    );
    assert_eq!(status, 403);
    assert!(!browser.cookies.contains_key("rapport_token"));
    // A wrong password says so on the page.
    let csrf = browser.cookies["rapport_csrf"].clone();
    let (_, location) = browser.post(
        "/login",
        &[
            ("csrf", &csrf),
            ("name", "Dana"),
            ("password", "wrong-password-x"),
        ],
    );
    assert!(location.starts_with("/login?failed="), "{location}");

    // Dana's own history, and her cohort's competition, every name escaped.
    browser.sign_in("Dana", PASSWORD);
    assert_eq!(browser.get("/").1, "/history");
    let (status, _, page) = browser.get("/history");
    assert_eq!(status, 200);
    assert!(
        page.contains(&scenario().meta.title) && page.contains("ranked"),
        "{page}"
    );
    assert!(
        page.contains(&format!("/competitions/{}", cup.id)),
        "her cohort's competitions"
    );
    let (status, _, page) = browser.get(&format!("/competitions/{}", cup.id));
    assert_eq!(status, 200);
    assert!(
        !page.contains("<script>alert(1)"),
        "a name was not escaped:\n{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; cup"));

    // Another cohort's trainer sees none of it; Tess sees her competitions.
    let mut other = Browser::new(site.url());
    other.sign_in("Omar", PASSWORD);
    assert_eq!(other.get(&format!("/competitions/{}", cup.id)).0, 403);
    assert_eq!(
        other.get(&format!("/competitions/{}/events", cup.id)).0,
        403
    );
    let mut trainer = Browser::new(site.url());
    trainer.sign_in("Tess", PASSWORD);
    let (status, _, page) = trainer.get("/");
    assert_eq!(status, 200);
    assert!(page.contains(&format!("/competitions/{}?wall=1", cup.id)));
    drop(omar);

    // Signing out needs the form's CSRF value too, and revokes the token.
    let (status, _) = browser.post("/logout", &[("csrf", "forged")]);
    assert_eq!(status, 403);
    let csrf = browser.cookies["rapport_csrf"].clone();
    let token = browser.cookies["rapport_token"].clone();
    assert_eq!(browser.post("/logout", &[("csrf", &csrf)]).1, "/login");
    let revoked = Server::new(site.url(), None).unwrap().with_token(token);
    assert!(matches!(revoked.me(), Err(ClientError::SignedOut(_))));
}

#[test]
fn the_live_board_hears_of_a_verified_session_and_shows_it() {
    let site = Site::new("live");
    let tess = site.trainer("Tess");
    let dana = site.trainee(&tess, "Tess", "Dana", "Blue");
    let hash = scenario().content_hash.0.clone();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let cup = tess
        .create_competition(&Competition {
            id: 0,
            name: "Live cup".into(),
            cohort: "Tess-cohort".into(),
            content_hashes: vec![hash.clone()],
            starts_at: now - 60,
            ends_at: now + 3600,
            teams: Vec::new(),
            assessment: false,
        })
        .unwrap();
    let mut wall = Browser::new(site.url());
    wall.sign_in("Tess", PASSWORD);
    let (status, _, page) = wall.get(&format!("/competitions/{}?wall=1", cup.id));
    assert_eq!(status, 200);
    assert!(page.contains("class=\"wall\"") && page.contains("Nobody has finished it yet"));
    // The wall screen listens; Dana finishes a round.
    let mut events = wall
        .agent
        .get(format!("{}/competitions/{}/events", site.url(), cup.id))
        .header("Cookie", wall.cookie_header())
        .call()
        .unwrap();
    assert_eq!(events.status().as_u16(), 200);
    let session = played(&dana, None, Some(cup.id));
    let (sent, heard) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(events.body_mut().as_reader());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if line.starts_with("data:") {
                let _ = sent.send(Instant::now());
                return;
            }
            line.clear();
        }
    });
    dana.submit(&session).unwrap();
    let verified = Instant::now();
    // How soon is a figure for docs/performance.md, not a test's business; the bound only
    // keeps a broken stream from hanging the suite.
    let heard = heard.recv_timeout(Duration::from_secs(30)).unwrap();
    eprintln!(
        "the wall screen heard of the session {:?} after it was verified",
        heard.saturating_duration_since(verified)
    );
    // And the board it fetches then has her.
    let (_, _, fragment) = wall.get(&format!("/competitions/{}?fragment=1", cup.id));
    assert!(
        fragment.contains("Dana") && fragment.contains("100"),
        "{fragment}"
    );
}

#[test]
fn a_trainer_sees_where_the_cohort_loses_the_customer() {
    let site = Site::new("dashboard");
    let tess = site.trainer("Tess");
    site.trainer("Omar");
    let dana = site.trainee(&tess, "Tess", "Dana", "Blue");
    let ali = site.trainee(&tess, "Tess", "Ali", "Red");
    let scenario = scenario();
    let analysis = Analysis::of(&scenario);
    dana.submit(&played(&dana, None, None)).unwrap();
    // A path that loses the customer: the first of a few simple policies that does.
    let losing = (0..64)
        .find_map(|policy: usize| {
            let mut session = Session::new(Arc::clone(&scenario), 1);
            let mut choices = Vec::new();
            while let Some(prompt) = session.prompt().cloned() {
                let choice =
                    prompt.options[(policy + choices.len() * policy / 7) % prompt.options.len()];
                session.choose(choice).unwrap();
                choices.push(choice);
            }
            let lost = session.ending().map(|ending| ending.outcome)
                == Some(rapport_core::scenario::format::Outcome::CustomerLost);
            lost.then_some(choices)
        })
        .expect("some simple path loses the billing customer");
    let worst = played(&ali, Some(losing), None);
    let lost = scenario
        .endings
        .iter()
        .find(|ending| Some(&ending.id) == worst.ending.as_ref())
        .unwrap();
    ali.submit(&worst).unwrap();

    let mut browser = Browser::new(site.url());
    browser.sign_in("Tess", PASSWORD);
    let (_, _, home) = browser.get("/");
    assert!(home.contains("/cohorts/Tess%2Dcohort") || home.contains("/cohorts/Tess-cohort"));
    let (status, _, page) = browser.get("/cohorts/Tess-cohort");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&scenario.meta.title));
    assert!(page.contains("2 finished sessions"), "{page}");
    // Every reply the best path takes is listed, each chosen by one of the two.
    let opening = &scenario.nodes[0];
    let Choice::Response(first) = analysis.best_choices()[0] else {
        unreachable!("the billing call opens with a reply")
    };
    let best_reply = maud_escaped(&opening.responses[usize::from(first)].text);
    assert!(page.contains(&best_reply), "missing {best_reply}");
    assert!(page.contains("50%"));
    // The worst path loses the customer, so the page must say where.
    assert_eq!(
        lost.outcome,
        rapport_core::scenario::format::Outcome::CustomerLost
    );
    assert!(page.contains("Where customers were lost"), "{page}");
    // Nobody else's.
    let mut other = Browser::new(site.url());
    other.sign_in("Omar", PASSWORD);
    assert_eq!(other.get("/cohorts/Tess-cohort").0, 403);
    let mut trainee = Browser::new(site.url());
    trainee.sign_in("Dana", PASSWORD);
    assert_eq!(trainee.get("/cohorts/Tess-cohort").0, 403);

    // The same figures for the game's author map, by the API.
    let hash = &scenario.content_hash.0;
    assert_eq!(tess.cohorts().unwrap(), vec!["Tess-cohort".to_owned()]);
    let choices = tess.cohort_choices("Tess-cohort", hash).unwrap();
    assert_eq!(choices.sessions, 2);
    assert!(
        choices.endings.contains(&(lost.id.clone(), 1)),
        "{choices:?}"
    );
    let at_opening: u32 = choices
        .choices
        .iter()
        .filter(|figures| figures.node == opening.id)
        .map(|figures| figures.times)
        .sum();
    assert_eq!(at_opening, 2, "each session chose once at the opening");
    assert!(
        choices
            .choices
            .iter()
            .any(|figures| figures.node == opening.id
                && figures.choice == Choice::Response(first)
                && figures.average_score == 100.0)
    );
    refused(dana.cohorts(), 403, "for trainers");
    refused(
        dana.cohort_choices("Tess-cohort", hash),
        403,
        "for its trainer",
    );
    refused(
        site.sign_in("Omar", PASSWORD)
            .cohort_choices("Tess-cohort", hash),
        403,
        "another trainer",
    );
    refused(
        tess.cohort_choices("Tess-cohort", "no-such-version"),
        404,
        "no scenario version",
    );
}

/// Text as the pages write it (maud escapes `&`, `<`, `>` and `"`).
fn maud_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A learning record store: Ralph (PyPI `ralph-malph`), from the virtual environment whose bin
/// folder `.ci/test` names in `RAPPORT_TEST_RALPH`, on loopback with a file backend (started by
/// `.ci/lrs/ralph_lrs.py`, which says why). It can be
/// stopped and started again on the same port and files, as an outage would.
struct Ralph {
    bin: PathBuf,
    folder: PathBuf,
    port: u16,
    child: Option<Child>,
}

const LRS_KEY: &str = "rapport";
const LRS_SECRET: &str = "lrs-secret-1";

impl Ralph {
    /// Ralph with one account, not yet started; `None` when no Ralph is installed (the test is
    /// then skipped, unless `RAPPORT_REQUIRE_LRS` is set, as `.ci/test` does).
    fn new(folder: &Path) -> Option<Ralph> {
        let Some(bin) = std::env::var_os("RAPPORT_TEST_RALPH").filter(|bin| !bin.is_empty()) else {
            assert!(
                std::env::var_os("RAPPORT_REQUIRE_LRS").is_none(),
                "RAPPORT_REQUIRE_LRS is set but RAPPORT_TEST_RALPH names no Ralph (.ci/lrs-env)"
            );
            eprintln!("\n*** SKIPPED: the LRS test. RAPPORT_TEST_RALPH is not set (.ci/lrs-env)\n");
            return None;
        };
        let ralph = Ralph {
            bin: PathBuf::from(bin),
            folder: folder.join("ralph"),
            port: std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port(),
            child: None,
        };
        std::fs::create_dir_all(ralph.folder.join("data")).unwrap();
        let output = ralph
            .command(&ralph.bin.join("ralph"))
            .args(["auth", "-u", LRS_KEY, "-p", LRS_SECRET, "-s", "all", "-w"])
            .args(["-A", LRS_KEY, "https://rapport.test"])
            .output()
            .unwrap();
        assert!(output.status.success(), "ralph auth: {output:?}");
        Some(ralph)
    }

    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .env("RALPH_APP_DIR", self.folder.join("app"))
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .env(
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH",
                self.folder.join("data"),
            );
        command
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI", self.port)
    }

    fn start(&mut self) {
        let log = std::fs::File::create(self.folder.join("log.txt")).unwrap();
        let child = self
            .command(&self.bin.join("python"))
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/lrs/ralph_lrs.py"))
            .args(["127.0.0.1", &self.port.to_string()])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let heartbeat = format!("http://127.0.0.1:{}/__heartbeat__", self.port);
        let deadline = Instant::now() + Duration::from_secs(60);
        while ureq::get(&heartbeat).call().is_err() {
            assert!(
                Instant::now() < deadline,
                "Ralph did not start: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.folder.join("log.txt")).unwrap_or_default()
    }

    /// The statements the LRS holds for one session (its registration), by the xAPI API.
    fn statements_of(&self, uid: &str) -> Vec<serde_json::Value> {
        use base64::Engine as _;
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{LRS_KEY}:{LRS_SECRET}"));
        let mut response = ureq::get(format!(
            "{}/statements?registration={uid}&limit=500",
            self.endpoint()
        ))
        .header("Authorization", format!("Basic {credentials}"))
        .header("X-Experience-API-Version", "1.0.3")
        .call()
        .unwrap();
        let answer: serde_json::Value = response.body_mut().read_json().unwrap();
        assert!(
            answer["more"].as_str().unwrap_or_default().is_empty(),
            "one page"
        );
        answer["statements"].as_array().unwrap().clone()
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Waits up to `seconds` for `what` to be `done`, else fails with the server's and the LRS's
/// logs.
fn within(seconds: u64, what: &str, site: &Site, ralph: &Ralph, done: impl FnMut() -> bool) {
    assert!(
        eventually(seconds, done),
        "not within {seconds} s: {what}\n{}\n{}",
        site.server.log(),
        ralph.log()
    );
}

/// Waits up to `seconds` for `done`; whether it came.
fn eventually(seconds: u64, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    true
}

#[test]
fn every_verified_session_reaches_the_lrs_once_through_an_outage() {
    let folder = scratch("lrs");
    let Some(mut ralph) = Ralph::new(&folder) else {
        return;
    };
    ralph.start();
    let database = database(&folder);
    run_ok(rapport(&folder).args(["server", "migrate", "--database", &database]));
    run_ok(
        rapport(&folder)
            .env("RAPPORT_NEW_PASSWORD", ADMIN_PASSWORD)
            .args(["server", "add-admin", "--database", &database, "Ada"]),
    );
    let endpoint = ralph.endpoint();
    let server = Serving::start_with(&folder, &database, "127.0.0.1:0", None, |command| {
        command
            .env("RAPPORT_LRS_SECRET", LRS_SECRET)
            .args(["--lrs", &endpoint, "--lrs-user", LRS_KEY])
            .args(["--xapi-home-page", "https://sso.example.org/"])
            .args(["--xapi-activities", "https://learning.example.org/rapport"]);
    });
    assert!(
        server.log().contains("forwarding to the LRS"),
        "{}",
        server.log()
    );
    let site = Site {
        folder: folder.clone(),
        database: database.clone(),
        server,
    };
    let tess = site.trainer("Tess");
    let dana = site.trainee(&tess, "Tess", "Dana", "Blue");
    let ids_of = |statements: &[serde_json::Value]| -> std::collections::BTreeSet<String> {
        statements
            .iter()
            .map(|statement| statement["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // What the trainer's export says each session's statements are: the LRS must hold exactly
    // those, once each.
    let exported = |uid: &str| -> Vec<serde_json::Value> {
        let all: serde_json::Value = serde_json::from_str(
            &tess
                .export("xapi", "Tess-cohort", None, None, None)
                .unwrap(),
        )
        .unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .filter(|statement| statement["context"]["registration"] == uid)
            .cloned()
            .collect()
    };
    let arrived = |ralph: &Ralph, uid: &str| {
        let held = ralph.statements_of(uid);
        let expected = exported(uid);
        assert!(
            held.len() <= expected.len(),
            "the LRS holds {} statements of {uid}, not {}",
            held.len(),
            expected.len()
        );
        held.len() == expected.len() && ids_of(&held) == ids_of(&expected)
    };
    let status =
        || run_ok(rapport(&folder).args(["server", "lrs", &endpoint, "--database", &database]));

    // Sessions submitted while the LRS is up arrive within seconds, with the organisation's
    // IRIs.
    let mut uids = Vec::new();
    let mut last_offered = Session::new(scenario(), 1);
    let mut worst = Vec::new();
    while let Some(prompt) = last_offered.prompt().cloned() {
        let choice = *prompt.options.last().unwrap();
        last_offered.choose(choice).unwrap();
        worst.push(choice);
    }
    for choices in [None, Some(worst)] {
        let submission = played(&dana, choices, None);
        dana.submit(&submission).unwrap();
        uids.push(submission.uid);
    }
    for uid in &uids {
        within(30, "the session reaches the LRS", &site, &ralph, || {
            arrived(&ralph, uid)
        });
    }
    let held = ralph.statements_of(&uids[0]);
    assert!(held.iter().all(|statement| {
        statement["actor"]["account"]["homePage"] == "https://sso.example.org/"
            && statement["object"]["id"]
                .as_str()
                .unwrap()
                .starts_with("https://learning.example.org/rapport/scenarios/")
    }));

    // The LRS goes away: submissions still succeed, and wait.
    ralph.stop();
    for _ in 0..2 {
        let submission = played(&dana, None, None);
        assert!(dana.submit(&submission).unwrap().score.is_some());
        uids.push(submission.uid);
    }
    within(30, "the failed tries are recorded", &site, &ralph, || {
        status().contains("failing:   2 sessions")
    });
    let during = status();
    assert!(during.contains("waiting:   2 sessions"), "{during}");
    assert!(during.contains("unreachable"), "{during}");
    assert!(
        site.server.log().contains("retried with backoff"),
        "{}",
        site.server.log()
    );

    // It comes back: what waited arrives, and nothing twice.
    ralph.start();
    for uid in &uids {
        within(
            60,
            "the waiting sessions reach the LRS",
            &site,
            &ralph,
            || arrived(&ralph, uid),
        );
    }
    within(10, "the deliveries are recorded", &site, &ralph, || {
        status().contains("delivered: 4 sessions")
    });
    let after = status();
    assert!(after.contains("waiting:   none"), "{after}");
    assert!(!after.contains("failing"), "{after}");

    // A crash between the LRS's answer and the delivery row: the session is sent again, and the
    // LRS keeps one copy (the statement ids are the session's).
    forget_delivery(&database, &uids[0]);
    assert!(status().contains("waiting:   1 sessions"));
    within(
        30,
        "the resent session is recorded as delivered",
        &site,
        &ralph,
        || status().contains("delivered: 4 sessions"),
    );
    for uid in &uids {
        assert!(arrived(&ralph, uid), "{uid} is held exactly once");
    }
}

/// Removes the record that the LRS took session `uid`, as a crash before it was written would.
fn forget_delivery(database: &str, uid: &str) {
    let statement = "DELETE FROM lrs_deliveries WHERE uid = $1";
    if database.starts_with("postgres") {
        let mut client = postgres::Client::connect(database, postgres::NoTls).unwrap();
        assert_eq!(client.execute(statement, &[&uid]).unwrap(), 1);
    } else {
        let connection = rusqlite::Connection::open(database).unwrap();
        assert_eq!(
            connection
                .execute(&statement.replace('$', "?"), [uid])
                .unwrap(),
            1
        );
    }
}

/// Each reply of `submission` in the reply's own words, lower case, as if typed.
fn in_own_words(submission: &Submission) -> Vec<Option<rapport_core::record::TypedReply>> {
    let record = rapport_core::session::SessionRecord {
        scenario_id: submission.scenario_id.clone(),
        content_hash: rapport_core::scenario::model::ContentHash(submission.content_hash.clone()),
        seed: submission.seed,
        choices: submission.choices.clone(),
    };
    let session = Session::replay(scenario(), &record).unwrap();
    session
        .transcript()
        .iter()
        .map(|exchange| {
            (exchange.choice != Choice::Silence).then(|| rapport_core::record::TypedReply {
                text: exchange.reply.to_lowercase(),
                understood: rapport_core::record::Understanding::Sure,
                confidence: 900,
                matcher: "lexical".into(),
                findings: Vec::new(),
            })
        })
        .collect()
}

#[test]
fn typed_words_are_checked_and_typed_sessions_rank_on_boards_of_their_own() {
    let site = Site::new("typed");
    let trainer = site.trainer("Tess");
    let kim = site.trainee(&trainer, "Tess", "Kim", "Blue");
    let lee = site.trainee(&trainer, "Tess", "Lee", "Red");

    let mut typed = played(&kim, None, None);
    typed.typed = in_own_words(&typed);
    let receipt = kim.submit(&typed).unwrap();
    assert!(receipt.typed, "{receipt:?}");
    assert_eq!(receipt.words_not_kept, None);

    // Words that do not read as the replies recorded: the session is kept, the words are not,
    // and it ranks with chosen replies.
    let mut forged = played(&lee, None, None);
    forged.typed = in_own_words(&forged)
        .into_iter()
        .map(|words| {
            words.map(|mut words| {
                words.text = "purple monkey dishwasher".into();
                words
            })
        })
        .collect();
    let receipt = lee.submit(&forged).unwrap();
    assert!(!receipt.typed);
    assert!(
        receipt
            .words_not_kept
            .as_deref()
            .is_some_and(|why| why.contains("does not read as")),
        "{receipt:?}"
    );
    assert_eq!(receipt.score, Some(100), "the session itself counts");

    let hash = &scenario().content_hash.0;
    let names = |board: rapport_core::submission::Board| -> Vec<String> {
        board.trainees.into_iter().map(|line| line.name).collect()
    };
    let typed_board = kim.board(hash, None, true).unwrap();
    assert!(typed_board.typed);
    assert_eq!(names(typed_board), ["Kim"]);
    assert_eq!(names(kim.board(hash, None, false).unwrap()), ["Lee"]);

    // Words nothing matched show on the trainer's dashboard, for the scenario's examples.
    let best = Analysis::of(&scenario()).best_choices();
    let mut asked_again = played(
        &kim,
        Some(std::iter::once(Choice::Unclear).chain(best).collect()),
        None,
    );
    let mut words = in_own_words(&asked_again);
    words[0] = words[0].take().map(|mut words| {
        words.text = "can i get a pizza with that".into();
        words.understood = rapport_core::record::Understanding::Unclear;
        words
    });
    asked_again.typed = words;
    let receipt = kim.submit(&asked_again).unwrap();
    assert!(receipt.typed, "{receipt:?}");
    let mut browser = Browser::new(site.url());
    browser.sign_in("Tess", PASSWORD);
    let (status, _, page) = browser.get("/cohorts/Tess-cohort");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Typed replies nothing matched"), "{page}");
    assert!(page.contains("can i get a pizza with that"), "{page}");
}
