//! The results server from the command line: `rapport serve` runs it; `rapport server` is the
//! administrator's side at the database; `login`, `logout`, `sync`, `board` and the trainer's
//! `cohort`, `team`, `enrol` and `competition` talk to it over HTTP. Passwords come from the
//! environment or a prompt, never from the command line (where every user of the machine can
//! read them in the process list).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use rapport_client::outbox::Waiting;
use rapport_client::{ClientError, Credentials, Server, SubmissionOutbox};
use rapport_core::submission::{Board, Competition, NewAccount, Role, Submission};

use super::render::printable;

/// Where a password is read from before a prompt is shown.
pub const PASSWORD_VARIABLE: &str = "RAPPORT_PASSWORD";
/// A new account's password, for `rapport enrol` and `rapport server add-admin` in scripts.
pub const NEW_PASSWORD_VARIABLE: &str = "RAPPORT_NEW_PASSWORD";
/// The learning record store's secret, for `rapport serve --lrs`.
pub const LRS_SECRET_VARIABLE: &str = "RAPPORT_LRS_SECRET";

/// `rapport server ...`: the administrator's commands, run where the database is reachable.
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Create or upgrade the database's tables (the results store's and the server's). The
    /// server itself never changes the schema.
    Migrate,
    /// Create an admin account (the first one; admins then create trainers over the server).
    /// The password is read from $RAPPORT_NEW_PASSWORD or asked for.
    AddAdmin {
        /// The admin's name.
        name: String,
    },
    /// How forwarding to a learning record store stands: sessions delivered, waiting, and
    /// the reason each failing one last failed.
    Lrs {
        /// The LRS's xAPI endpoint, as given to `rapport serve --lrs`.
        endpoint: String,
    },
}

/// The database a server command uses: --database, else $RAPPORT_DATABASE.
fn database(database: Option<String>) -> io::Result<String> {
    database
        .or_else(rapport_store::default_database)
        .ok_or_else(|| {
            io::Error::other(
                "name the database: --database postgres://user@host/db (password in PGPASSWORD or ~/.pgpass), or a SQLite file path; or set RAPPORT_DATABASE",
            )
        })
}

/// The database as it may be printed: a URL without its password, or the file's path.
fn shown_database(database: &str) -> String {
    if database.starts_with("postgres://") || database.starts_with("postgresql://") {
        rapport_store::redact(database)
    } else {
        database.to_owned()
    }
}

/// `rapport server migrate` / `add-admin`.
pub fn admin(
    command: ServerCommand,
    database: Option<String>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let database = self::database(database)?;
    match command {
        ServerCommand::Migrate => {
            let version = rapport_server::migrate(&database).map_err(io::Error::other)?;
            writeln!(
                out,
                "{} is ready for `rapport serve` (results store schema {}, server schema {version}).",
                shown_database(&database),
                rapport_store::SCHEMA_VERSION
            )?;
        }
        ServerCommand::AddAdmin { name } => {
            let password = new_password()?;
            if !rapport_server::add_admin(&database, &name, &password).map_err(io::Error::other)? {
                return Err(io::Error::other(format!(
                    "an account is already called `{}`",
                    printable(&name)
                )));
            }
            writeln!(out, "Admin `{}` created.", printable(name.trim()))?;
        }
        ServerCommand::Lrs { endpoint } => {
            let config = rapport_server::LrsConfig::new(&endpoint, "status", "")
                .map_err(io::Error::other)?;
            let status = rapport_server::lrs_status(&database, &config.endpoint)
                .map_err(io::Error::other)?;
            print_lrs_status(&config.endpoint, &status, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How `rapport serve` was asked to run.
#[derive(Debug)]
pub struct ServeArgs {
    pub database: Option<String>,
    pub scenarios: PathBuf,
    pub listen: std::net::SocketAddr,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub connections: usize,
    /// The LRS endpoint and key.
    pub lrs: Option<(String, String)>,
    pub xapi_home_page: String,
    pub xapi_activities: String,
    /// The sentence-embedding model's folder, when installed.
    pub model: Option<PathBuf>,
}

/// `rapport serve`.
pub fn serve(args: ServeArgs) -> io::Result<ExitCode> {
    let database = database(args.database)?;
    let tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => Some((cert, key)),
        (None, None) => None,
        _ => {
            return Err(io::Error::other("TLS needs both --tls-cert and --tls-key"));
        }
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let shown = shown_database(&database);
    let xapi = rapport_store::export::xapi::Iris::new(&args.xapi_home_page, &args.xapi_activities)
        .map_err(io::Error::other)?;
    let lrs = match &args.lrs {
        Some((endpoint, user)) => {
            let secret = std::env::var(LRS_SECRET_VARIABLE).map_err(|_| {
                io::Error::other(format!(
                    "--lrs needs the LRS secret in ${LRS_SECRET_VARIABLE}"
                ))
            })?;
            Some(
                rapport_server::LrsConfig::new(endpoint, user, &secret)
                    .map_err(io::Error::other)?,
            )
        }
        None => None,
    };
    let checking = if args.model.as_ref().is_some_and(|dir| dir.is_dir()) {
        ", typed replies checked by the model"
    } else {
        ", typed replies checked by words"
    };
    let forwarding = lrs
        .as_ref()
        .map(|lrs| format!(", forwarding to the LRS at {}", lrs.endpoint))
        .unwrap_or_default();
    rapport_server::serve(
        rapport_server::ServeConfig {
            database,
            scenarios: args.scenarios.clone(),
            listen: args.listen,
            tls,
            connections: args.connections,
            xapi,
            lrs,
            model: args.model.clone().filter(|dir| dir.is_dir()),
        },
        |address| {
            // Tests and scripts wait for this line.
            println!(
                "rapport serve: listening on {scheme}://{address} (scenarios: {}, database: {shown}{checking}{forwarding})",
                args.scenarios.display()
            );
            let _ = io::stdout().flush();
        },
    )
    .map_err(io::Error::other)?;
    Ok(ExitCode::SUCCESS)
}

fn print_lrs_status(
    endpoint: &str,
    status: &rapport_server::lrs::LrsStatus,
    out: &mut impl Write,
) -> io::Result<()> {
    let now_ms = rapport_core::calendar::now() * 1000;
    writeln!(out, "LRS {endpoint}")?;
    writeln!(out, "  delivered: {} sessions", status.delivered)?;
    match status.oldest_waiting_ms {
        Some(oldest) if status.waiting > 0 => writeln!(
            out,
            "  waiting:   {} sessions, the oldest received {} s ago",
            status.waiting,
            ((now_ms - oldest) / 1000).max(0)
        )?,
        _ => writeln!(out, "  waiting:   none")?,
    }
    if let Some((holder, until_ms)) = &status.lease {
        let state = if *until_ms > now_ms {
            "forwarding now"
        } else {
            "lease expired: no server is forwarding"
        };
        writeln!(out, "  forwarder: server {holder} ({state})")?;
    } else {
        writeln!(
            out,
            "  forwarder: none has started (run `rapport serve --lrs ...`)"
        )?;
    }
    if !status.failing.is_empty() {
        writeln!(out, "  failing:   {} sessions", status.failing.len())?;
    }
    for (uid, tries, next_ms, reason) in status.failing.iter().take(10) {
        writeln!(
            out,
            "    {uid}: {tries} tries, next in {} s: {}",
            ((next_ms - now_ms) / 1000).max(0),
            printable(reason)
        )?;
    }
    if status.failing.len() > 10 {
        writeln!(out, "    ... and {} more", status.failing.len() - 10)?;
    }
    Ok(())
}

/// A password from $RAPPORT_PASSWORD, else asked for without echo.
fn password(prompt: &str) -> io::Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(password);
    }
    rpassword::prompt_password(prompt)
}

/// A new account's password, from $RAPPORT_NEW_PASSWORD, else asked for twice.
fn new_password() -> io::Result<String> {
    if let Ok(password) = std::env::var(NEW_PASSWORD_VARIABLE) {
        rapport_server::check_password(&password).map_err(io::Error::other)?;
        return Ok(password);
    }
    let first = rpassword::prompt_password(format!(
        "New password (at least {} characters): ",
        rapport_server::MIN_PASSWORD_CHARS
    ))?;
    rapport_server::check_password(&first).map_err(io::Error::other)?;
    let again = rpassword::prompt_password("The same password again: ")?;
    if again != first {
        return Err(io::Error::other(
            "the two passwords differ; nothing was created",
        ));
    }
    Ok(first)
}

fn client_error(error: ClientError) -> io::Error {
    match error {
        ClientError::SignedOut(_) => io::Error::other(format!(
            "{error}\nSign in again: rapport login URL --name NAME"
        )),
        error => io::Error::other(error.to_string()),
    }
}

/// The saved sign-in, or an error saying how to make one.
pub fn signed_in(data_dir: &Path) -> io::Result<(Credentials, Server)> {
    let credentials = Credentials::load(data_dir)
        .map_err(io::Error::other)?
        .ok_or_else(|| {
            io::Error::other("not signed in to a results server: rapport login URL --name NAME")
        })?;
    let server = Server::of(&credentials).map_err(client_error)?;
    Ok((credentials, server))
}

/// `rapport login URL --name NAME`.
pub fn login(
    data_dir: &Path,
    url: &str,
    name: &str,
    ca_file: Option<PathBuf>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let server = Server::new(url, ca_file.as_deref()).map_err(client_error)?;
    let password = password(&format!(
        "Password for {} at {}: ",
        printable(name),
        server.url()
    ))?;
    let signed = server.sign_in(name, &password).map_err(client_error)?;
    let account = signed.account.clone();
    let credentials = Credentials::of(
        server.url(),
        signed,
        ca_file.map(|file| std::fs::canonicalize(&file).unwrap_or(file)),
    );
    credentials.save(data_dir)?;
    writeln!(
        out,
        "Signed in to {} as {} ({}{}{}). Sessions you play now are scored by the server.",
        server.url(),
        printable(&account.name),
        account.role.label(),
        account
            .cohort
            .as_deref()
            .map(|cohort| format!(", cohort {}", printable(cohort)))
            .unwrap_or_default(),
        if account.team.is_empty() {
            String::new()
        } else {
            format!(", team {}", printable(&account.team))
        }
    )?;
    report_delivery(
        &SubmissionOutbox::in_data_dir(data_dir)
            .deliver(&Server::of(&credentials).map_err(client_error)?),
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `rapport logout`: revokes the token on the server and forgets it here.
pub fn logout(data_dir: &Path, out: &mut impl Write) -> io::Result<ExitCode> {
    let Some(credentials) = Credentials::load(data_dir).map_err(io::Error::other)? else {
        writeln!(out, "Not signed in.")?;
        return Ok(ExitCode::SUCCESS);
    };
    let revoked = Server::of(&credentials).and_then(|server| server.sign_out());
    Credentials::forget(data_dir)?;
    match revoked {
        Ok(()) => writeln!(out, "Signed out of {}.", credentials.url)?,
        Err(error) => writeln!(
            out,
            "Signed out here; the server could not be told ({error}), so the token stays valid there until an administrator revokes it."
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What a delivery of the outbox did, said plainly.
fn report_delivery(delivery: &rapport_client::Delivery, out: &mut impl Write) -> io::Result<()> {
    for receipt in &delivery.sent {
        writeln!(out, "Sent a waiting session: {}", describe_receipt(receipt))?;
    }
    for (uid, reason) in &delivery.refused {
        writeln!(
            out,
            "The server refused waiting session {uid}: {reason} (kept in the outbox's refused/ folder)"
        )?;
    }
    if let Some(problem) = &delivery.problem {
        writeln!(
            out,
            "{} session{} still wait to be sent ({problem}); `rapport sync` sends them.",
            delivery.still_waiting,
            super::plural(delivery.still_waiting)
        )?;
    }
    Ok(())
}

fn describe_receipt(receipt: &rapport_core::submission::Receipt) -> String {
    let figures = match (receipt.score, &receipt.ending) {
        (Some(score), Some(ending)) => format!(
            "score {score}/100, ending `{ending}`, CSAT {}/5",
            receipt.csat.unwrap_or_default()
        ),
        _ => "abandoned, not scored".to_owned(),
    };
    format!(
        "{figures}{}{}",
        if receipt.ranked {
            ""
        } else {
            " (played offline: kept, not ranked)"
        },
        if receipt.already_stored {
            " (the server already had it)"
        } else {
            ""
        }
    ) + &match (&receipt.words_not_kept, receipt.typed) {
        (Some(why), _) => format!(
            "\nYour typed words were not kept, so it ranks with chosen replies: {}",
            printable(why)
        ),
        (None, true) => " (typed replies: on the typed board)".to_owned(),
        (None, false) => String::new(),
    }
}

/// `rapport sync`: sends every session waiting in the outbox.
pub fn sync(data_dir: &Path, out: &mut impl Write) -> io::Result<ExitCode> {
    let (_, server) = signed_in(data_dir)?;
    let outbox = SubmissionOutbox::in_data_dir(data_dir);
    let waiting = outbox.waiting().len();
    if waiting == 0 {
        writeln!(out, "Nothing waits to be sent.")?;
        return Ok(ExitCode::SUCCESS);
    }
    let delivery = outbox.deliver(&server);
    report_delivery(&delivery, out)?;
    Ok(if delivery.problem.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A server session for `play --text`: started on the server, or offline when it is away.
pub struct ServerPlay {
    pub server: Server,
    pub url: String,
    pub uid: String,
    pub seed: u64,
    pub offline: bool,
}

/// Starts a session of `content_hash` on the signed-in server. An unreachable server means an
/// offline session (kept and sent later, unranked); any other failure stops before playing.
pub fn start_server_play(
    data_dir: &Path,
    content_hash: &str,
    competition: Option<i64>,
    out: &mut impl Write,
) -> io::Result<ServerPlay> {
    let (credentials, server) = signed_in(data_dir)?;
    // Sessions that waited go first, so the board is current before this one.
    report_delivery(
        &SubmissionOutbox::in_data_dir(data_dir).deliver(&server),
        out,
    )?;
    match server.start_play(content_hash, competition) {
        Ok(play) => {
            writeln!(
                out,
                "Playing as {} on {}: the server scores this session.",
                printable(&credentials.name),
                credentials.url
            )?;
            Ok(ServerPlay {
                server,
                url: credentials.url,
                uid: play.uid,
                seed: play.seed,
                offline: false,
            })
        }
        Err(error) if error.is_temporary() && competition.is_none() => {
            writeln!(
                out,
                "The results server cannot be reached ({error}).\nThis session is played offline: it will be kept and sent when the server is back, but an offline session is not ranked."
            )?;
            Ok(ServerPlay {
                server,
                url: credentials.url,
                uid: rapport_core::record::new_uid(),
                seed: rand::random(),
                offline: true,
            })
        }
        Err(error) => Err(client_error(error)),
    }
}

/// How coaching is shown in a round of competition `id`: an assessed competition holds every
/// card for the debrief, whatever was asked.
pub fn coaching_for(
    server: &Server,
    id: i64,
    asked: super::play::Coaching,
    out: &mut impl Write,
) -> io::Result<super::play::Coaching> {
    let competition = server.competition(id).map_err(client_error)?;
    if competition.assessment {
        writeln!(
            out,
            "`{}` is an assessment: every reply's coaching comes at the debrief.",
            printable(&competition.name)
        )?;
        return Ok(super::play::Coaching::AtTheDebrief);
    }
    Ok(asked)
}

/// Keeps a finished or abandoned session in the outbox, then sends it.
pub fn submit_server_play(
    data_dir: &Path,
    play: ServerPlay,
    end: &super::play::PlayEnd,
    out: &mut impl Write,
) -> io::Result<()> {
    let session = &end.session;
    let submission = Submission {
        uid: play.uid,
        scenario_id: session.scenario().meta.id.clone(),
        content_hash: session.scenario().content_hash.0.clone(),
        seed: play.seed,
        choices: session.record().choices,
        millis: end.millis.clone(),
        ending: session.ending().map(|ending| ending.id.clone()),
        offline: play.offline,
        typed: if end.typed.iter().any(Option::is_some) {
            end.typed.clone()
        } else {
            Vec::new()
        },
        // The terminal speaks English.
        language: None,
    };
    let outbox = SubmissionOutbox::in_data_dir(data_dir);
    // On disk first: whatever happens to the request, the session is not lost.
    let kept = outbox.keep(&Waiting {
        url: play.url,
        submission: submission.clone(),
    })?;
    match play.server.submit(&submission) {
        Ok(receipt) => {
            std::fs::remove_file(&kept)?;
            writeln!(
                out,
                "Sent to the results server: {}",
                describe_receipt(&receipt)
            )?;
        }
        Err(error) if error.is_temporary() || matches!(error, ClientError::SignedOut(_)) => {
            writeln!(
                out,
                "The results server could not take this session ({error}).\nIt is kept in {} and will be sent by `rapport sync` or your next session.",
                kept.display()
            )?;
        }
        Err(error) => {
            // Refused for good: kept aside with the reason, not retried forever.
            let delivery = outbox.deliver(&play.server);
            report_delivery(&delivery, out)?;
            if delivery.refused.is_empty() && delivery.sent.is_empty() {
                writeln!(out, "The results server refused this session: {error}")?;
            }
        }
    }
    Ok(())
}

/// A scenario named by id or content hash, as the server holds it.
fn resolve_version(server: &Server, scenario: &str) -> io::Result<(String, String)> {
    let versions = server.scenarios().map_err(client_error)?;
    versions
        .iter()
        .find(|version| version.content_hash == scenario)
        .or_else(|| versions.iter().find(|version| version.id == scenario))
        .map(|version| (version.id.clone(), version.content_hash.clone()))
        .ok_or_else(|| {
            io::Error::other(format!(
                "the server holds no scenario `{}` (it has: {})",
                printable(scenario),
                versions
                    .iter()
                    .map(|version| version.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// `rapport board SCENARIO`: the shared board of one scenario version.
pub fn board(
    data_dir: &Path,
    scenario: &str,
    (cohort, competition): (Option<&str>, Option<i64>),
    typed: bool,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let (_, server) = signed_in(data_dir)?;
    let (_, hash) = resolve_version(&server, scenario)?;
    let board = match competition {
        Some(id) => server.competition_board(id, &hash, typed),
        None => server.board(&hash, cohort, typed),
    }
    .map_err(client_error)?;
    write_board(&board, out)?;
    Ok(ExitCode::SUCCESS)
}

fn write_board(board: &Board, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{} (version {}), cohort {}{}: {}scored by the server",
        printable(&board.scenario_id),
        &board.content_hash[..board.content_hash.len().min(12)],
        printable(&board.cohort),
        board
            .competition
            .map(|id| format!(", competition {id}"))
            .unwrap_or_default(),
        if board.typed { "typed replies, " } else { "" }
    )?;
    if board.trainees.is_empty() {
        writeln!(out, "  nobody has finished it yet")?;
        return Ok(());
    }
    for (rank, line) in board.trainees.iter().enumerate() {
        writeln!(
            out,
            "  {:>2}. {:<24} {:<16} best {:>3}  ({} session{})",
            rank + 1,
            printable(&line.name),
            printable(&line.team),
            line.best,
            line.sessions,
            super::plural(line.sessions as usize)
        )?;
    }
    if !board.teams.is_empty() {
        writeln!(out, "Teams (average of members' bests):")?;
        for (rank, team) in board.teams.iter().enumerate() {
            writeln!(
                out,
                "  {:>2}. {:<24} {:>5.1}  ({} member{})",
                rank + 1,
                printable(&team.team),
                team.average_of_bests,
                team.members,
                super::plural(team.members as usize)
            )?;
        }
    }
    Ok(())
}

/// The trainer's commands.
#[derive(Debug, Subcommand)]
pub enum TrainerCommand {
    /// Create a cohort you lead.
    Cohort { name: String },
    /// Add a team to one of your cohorts.
    Team { cohort: String, name: String },
    /// Create a trainee enrolled in one of your cohorts (admins: `--role trainer` creates a
    /// trainer). The password is read from $RAPPORT_NEW_PASSWORD or asked for.
    Enrol {
        name: String,
        #[arg(long)]
        cohort: Option<String>,
        #[arg(long, default_value = "")]
        team: String,
        #[arg(long, value_parser = parse_role, default_value = "trainee")]
        role: Role,
    },
    /// Start a competition in one of your cohorts, running from now for --days days, on
    /// scenario versions pinned as the server holds them now.
    Competition {
        name: String,
        #[arg(long)]
        cohort: String,
        /// A scenario id or content hash; repeatable.
        #[arg(long = "scenario", required = true)]
        scenarios: Vec<String>,
        /// Only these teams compete; repeatable (default: every team).
        #[arg(long = "team")]
        teams: Vec<String>,
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// Coaching held for the debrief.
        #[arg(long)]
        assess: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_label(text).ok_or_else(|| "a role is admin, trainer or trainee".into())
}

/// `rapport trainer ...`.
pub fn trainer(
    data_dir: &Path,
    command: TrainerCommand,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let (_, server) = signed_in(data_dir)?;
    match command {
        TrainerCommand::Cohort { name } => {
            server.create_cohort(&name).map_err(client_error)?;
            writeln!(out, "Cohort `{}` created.", printable(name.trim()))?;
        }
        TrainerCommand::Team { cohort, name } => {
            server.create_team(&cohort, &name).map_err(client_error)?;
            writeln!(
                out,
                "Team `{}` added to cohort `{}`.",
                printable(name.trim()),
                printable(&cohort)
            )?;
        }
        TrainerCommand::Enrol {
            name,
            cohort,
            team,
            role,
        } => {
            let password = new_password()?;
            server
                .create_account(&NewAccount {
                    name: name.clone(),
                    password,
                    role,
                    cohort,
                    team,
                })
                .map_err(client_error)?;
            writeln!(
                out,
                "{} `{}` created; they sign in with `rapport login {} --name ...`.",
                role.label(),
                printable(name.trim()),
                server.url()
            )?;
        }
        TrainerCommand::Competition {
            name,
            cohort,
            scenarios,
            teams,
            days,
            assess,
        } => {
            let mut content_hashes = Vec::new();
            for scenario in &scenarios {
                content_hashes.push(resolve_version(&server, scenario)?.1);
            }
            let now = rapport_core::calendar::now();
            let competition = server
                .create_competition(&Competition {
                    id: 0,
                    name,
                    cohort,
                    content_hashes,
                    starts_at: now,
                    ends_at: now + i64::from(days.max(1)) * 86_400,
                    teams,
                    assessment: assess,
                })
                .map_err(client_error)?;
            writeln!(
                out,
                "Competition {} `{}` runs until {} on {} scenario version{}. Trainees play it with `rapport play --text FILE --competition {}`.",
                competition.id,
                printable(&competition.name),
                rapport_core::calendar::iso8601(competition.ends_at),
                competition.content_hashes.len(),
                super::plural(competition.content_hashes.len()),
                competition.id
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport import FILE --to-cohort COHORT`: each session sent to the server, which replays it.
/// Exit 1 when any was refused (the others are still imported).
pub fn import(
    data_dir: &Path,
    cohort: &str,
    sessions: Vec<rapport_store::export::claimed::Claimed>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let (_, server) = signed_in(data_dir)?;
    let (mut added, mut known, mut refused) = (0, 0, 0);
    for session in sessions {
        let uid = session.uid.clone();
        let request = rapport_store::export::claimed::ImportRequest {
            cohort: cohort.to_owned(),
            session,
        };
        match server.import(&request) {
            Ok(receipt) if receipt.already_stored => known += 1,
            Ok(_) => added += 1,
            Err(error @ ClientError::Refused { .. }) => {
                refused += 1;
                writeln!(out, "refused {}: {error}", printable(&uid))?;
            }
            Err(error) => return Err(client_error(error)),
        }
    }
    writeln!(
        out,
        "Imported {added} session{} into cohort {} (replayed by the server; imported sessions are not ranked); {known} already there; {refused} refused.",
        super::plural(added),
        printable(cohort)
    )?;
    Ok(if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `rapport export --cohort NAME`: a cohort's sessions from the results server.
pub fn export(
    data_dir: &Path,
    xapi: bool,
    cohort: &str,
    competition: Option<i64>,
    (since, until): (Option<i64>, Option<i64>),
    out_file: Option<&Path>,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let (_, server) = signed_in(data_dir)?;
    let day =
        |time: Option<i64>| time.map(|time| rapport_core::calendar::iso8601(time)[..10].to_owned());
    let (since, until) = (day(since), day(until));
    let text = server
        .export(
            if xapi { "xapi" } else { "csv" },
            cohort,
            competition,
            since.as_deref(),
            until.as_deref(),
        )
        .map_err(client_error)?;
    match out_file {
        Some(path) => {
            super::write_whole(path, &text)?;
            writeln!(
                out,
                "Exported cohort {} from {} to {}.",
                printable(cohort),
                server.url(),
                path.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
