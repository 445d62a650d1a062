//! The results store: trainees, and every session played, finished or abandoned, with each
//! choice, its timing and the meters after it. The default is a local SQLite file; given a
//! `postgres://` URL the same store runs on PostgreSQL, so teams on many machines share one
//! leaderboard. Writes are transactions, so a crash leaves every earlier session intact; a
//! store written by a newer Rapport, or a file that is not a results store, is refused
//! untouched.

pub mod backend;
mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use backend::{Postgres, Row, Sql, SqlError, Sqlite};

use crate::debrief::Debrief;
use crate::scenario::format::{Pitfall, Skill};
use crate::scenario::model::ContentHash;
use crate::session::{Choice, Session, SessionRecord};
use crate::team_match::{MatchPlan, Played, TeamMatch, best_moment};

pub use schema::SCHEMA_VERSION;

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "rapport.sqlite";
/// Environment variable that overrides the data folder.
pub const DATA_DIR_VARIABLE: &str = "RAPPORT_DATA_DIR";
/// Environment variable naming a PostgreSQL store (`postgres://...`), like `--database`.
pub const DATABASE_VARIABLE: &str = "RAPPORT_DATABASE";

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{location} is not a Rapport results store or is damaged ({source}); it was left untouched"
    )]
    NotAStore { location: String, source: SqlError },
    #[error(
        "{location} was written by a newer Rapport (schema {found}; this one reads up to {SCHEMA_VERSION}); it was left untouched"
    )]
    Newer { location: String, found: i64 },
    #[error("cannot connect to the PostgreSQL store {location}: {source}")]
    Connect {
        location: String,
        source: postgres::Error,
    },
    #[error("no data folder for the results: pass --data-dir or set {DATA_DIR_VARIABLE}")]
    NoDataDir,
    #[error("`{0}` is not a database URL: use postgres://user:password@host/database")]
    NotAUrl(String),
    #[error("results store: {0}")]
    Sql(#[from] SqlError),
    #[error("results store: a stored session cannot be read: {0}")]
    Encode(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Sql(error.into())
    }
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        StoreError::Sql(error.into())
    }
}

impl From<backend::ColumnError> for StoreError {
    fn from(error: backend::ColumnError) -> Self {
        StoreError::Sql(error.into())
    }
}

/// How a finished session came out (absent for an abandoned one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOutcome {
    /// The ending's id in the scenario.
    pub ending: String,
    pub score: u8,
    pub csat: u8,
    pub nps: u8,
    /// "stays", "at risk" or "leaves".
    pub retention: String,
}

impl SessionOutcome {
    pub fn of(debrief: &Debrief) -> Self {
        SessionOutcome {
            ending: debrief.ending.clone(),
            score: debrief.score,
            csat: debrief.customer.csat,
            nps: debrief.customer.nps,
            retention: debrief.customer.retention.label().to_owned(),
        }
    }
}

/// One choice of a stored session and where it left the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnData {
    pub node: String,
    pub choice: Choice,
    /// The trainee's words; empty for silence.
    pub reply: String,
    /// From the customer starting to speak to the choice, when it was timed.
    pub millis: Option<u32>,
    pub satisfaction: u8,
    pub trust: u8,
    pub patience: u8,
    /// The change each meter felt, in the same order.
    pub changes: [i16; 3],
    pub skills: Vec<Skill>,
    pub pitfalls: Vec<Pitfall>,
}

/// Everything stored about one session; also what export writes and import reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// A UUID, the same on every machine the session is exported to.
    pub uid: String,
    pub trainee: String,
    pub team: String,
    pub record: SessionRecord,
    /// `None` when the session was abandoned.
    pub outcome: Option<SessionOutcome>,
    pub turns: Vec<TurnData>,
    /// Unix seconds.
    pub started_at: i64,
    pub ended_at: i64,
}

impl SessionData {
    /// A session as played: finished when `debrief` is given, abandoned otherwise.
    /// `millis[i]` is how long the trainee took over choice `i`, when it was timed.
    pub fn of(
        trainee: &str,
        team: &str,
        session: &Session,
        debrief: Option<&Debrief>,
        millis: &[u32],
        started_at: i64,
        ended_at: i64,
    ) -> Self {
        SessionData {
            uid: new_uid(),
            trainee: trainee.to_owned(),
            team: team.to_owned(),
            record: session.record(),
            outcome: debrief.map(SessionOutcome::of),
            turns: turns_of(session, millis),
            started_at,
            ended_at,
        }
    }

    pub fn status(&self) -> &'static str {
        if self.outcome.is_some() {
            "finished"
        } else {
            "abandoned"
        }
    }
}

/// The turns of `session` as stored.
pub fn turns_of(session: &Session, millis: &[u32]) -> Vec<TurnData> {
    let scenario = session.scenario();
    session
        .transcript()
        .iter()
        .enumerate()
        .map(|(index, exchange)| {
            let meters = exchange.after.meters;
            TurnData {
                node: scenario.nodes[exchange.prompt.node as usize].id.clone(),
                choice: exchange.choice,
                reply: exchange.reply.clone(),
                millis: millis.get(index).copied(),
                satisfaction: meters.satisfaction,
                trust: meters.trust,
                patience: meters.patience,
                changes: [
                    exchange.applied.satisfaction,
                    exchange.applied.trust,
                    exchange.applied.patience,
                ],
                skills: exchange.skills.clone(),
                pitfalls: exchange.pitfalls.clone(),
            }
        })
        .collect()
}

/// A fresh random UUID (version 4).
pub fn new_uid() -> String {
    uuid_text(rand::random::<u128>().to_be_bytes())
}

/// Formats 16 bytes as a version-4 UUID (the version and variant bits are set).
pub fn uuid_text(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether a session was stored or was already there (same uid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    New(i64),
    AlreadyStored,
}

/// A stored session, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub id: i64,
    pub trainee: String,
    pub scenario_id: String,
    pub status: String,
    pub score: Option<u8>,
}

/// A row of a leaderboard: finished sessions grouped by `name` (a scenario or a trainee).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Standing {
    pub name: String,
    /// The trainee's team, for trainee rows.
    pub team: String,
    pub best: u8,
    pub average: f64,
    pub sessions: u32,
    pub best_csat: u8,
}

/// A team's standing: the average of its members' best scores per scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamStanding {
    pub team: String,
    pub average_of_bests: f64,
    pub members: u32,
    pub sessions: u32,
}

/// One session in a trainee's history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryRow {
    pub started_at: i64,
    pub scenario_id: String,
    pub status: String,
    pub score: Option<u8>,
    pub csat: Option<u8>,
    /// Per-skill scores (0-100) of a finished session, where the scenario trains the skill.
    pub skills: Vec<(Skill, u8)>,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

/// An open results store.
pub struct Store {
    backend: Backend,
    /// The file, or the URL without its password.
    location: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location)
            .finish()
    }
}

/// The data folder: `RAPPORT_DATA_DIR`, else the platform's (e.g. `~/.local/share/rapport`).
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os(DATA_DIR_VARIABLE).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(folder));
    }
    directories::ProjectDirs::from("", "", "rapport").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The PostgreSQL URL from `RAPPORT_DATABASE`, if set.
pub fn default_database() -> Option<String> {
    std::env::var(DATABASE_VARIABLE)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// `url` with any password replaced, fit for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

const SESSION_COLUMNS: &str = "uid, trainee, team, scenario_id, content_hash, seed, choices, ending, score, csat, nps, retention, started_at, ended_at, id, match_round, match_player";

/// Which turn of which match a session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchSlot {
    pub match_uid: String,
    pub round: usize,
    pub player: usize,
    /// The match's last turn: storing it finishes the match.
    pub last: bool,
}

fn insert_session(
    sql: &mut dyn Sql,
    data: &SessionData,
    debrief: Option<&Debrief>,
    slot: Option<&MatchSlot>,
) -> Result<Saved, StoreError> {
    let choices = serde_json::to_string(&data.record.choices)?;
    let debrief = debrief.map(serde_json::to_string).transpose()?;
    let outcome = data.outcome.as_ref();
    let inserted = sql.query(
        "INSERT INTO sessions (uid, trainee, team, scenario_id, content_hash, seed, choices,
             status, ending, score, csat, nps, retention, debrief, started_at, ended_at,
             match_uid, match_round, match_player)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (uid) DO NOTHING RETURNING id",
        &[
            data.uid.as_str().into(),
            data.trainee.as_str().into(),
            data.team.as_str().into(),
            data.record.scenario_id.as_str().into(),
            data.record.content_hash.0.as_str().into(),
            // Databases hold signed integers; the seed's bits are kept as they are.
            (data.record.seed as i64).into(),
            choices.as_str().into(),
            data.status().into(),
            outcome.map(|o| o.ending.as_str()).into(),
            outcome.map(|o| i64::from(o.score)).into(),
            outcome.map(|o| i64::from(o.csat)).into(),
            outcome.map(|o| i64::from(o.nps)).into(),
            outcome.map(|o| o.retention.as_str()).into(),
            debrief.as_deref().into(),
            data.started_at.into(),
            data.ended_at.into(),
            slot.map(|s| s.match_uid.as_str()).into(),
            slot.map(|s| s.round as i64).into(),
            slot.map(|s| s.player as i64).into(),
        ],
    )?;
    let Some(row) = inserted.first() else {
        return Ok(Saved::AlreadyStored);
    };
    let id = row.int(0)?;
    for (index, turn) in data.turns.iter().enumerate() {
        let choice = serde_json::to_string(&turn.choice)?;
        let skills = serde_json::to_string(&turn.skills)?;
        let pitfalls = serde_json::to_string(&turn.pitfalls)?;
        let changes = serde_json::to_string(&turn.changes)?;
        sql.execute(
            "INSERT INTO turns (session_id, turn, node, choice, reply, millis,
                 satisfaction, trust, patience, changes, skills, pitfalls)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            &[
                id.into(),
                (index as i64 + 1).into(),
                turn.node.as_str().into(),
                choice.as_str().into(),
                turn.reply.as_str().into(),
                turn.millis.map(i64::from).into(),
                i64::from(turn.satisfaction).into(),
                i64::from(turn.trust).into(),
                i64::from(turn.patience).into(),
                changes.as_str().into(),
                skills.as_str().into(),
                pitfalls.as_str().into(),
            ],
        )?;
    }
    Ok(Saved::New(id))
}

/// Sessions with their turns; `filter` is a fixed WHERE/ORDER clause from this file.
fn load_sessions(
    sql: &mut dyn Sql,
    filter: &str,
    params: &[backend::Param],
) -> Result<Vec<(Row, SessionData)>, StoreError> {
    let rows = sql.query(
        &format!("SELECT {SESSION_COLUMNS} FROM sessions {filter}"),
        params,
    )?;
    let mut sessions = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.int(14)?;
        let turns = sql.query(
            "SELECT node, choice, reply, millis, satisfaction, trust, patience, changes, skills, pitfalls
             FROM turns WHERE session_id = $1 ORDER BY turn",
            &[id.into()],
        )?;
        let session = session_from_row(&row, &turns)?;
        sessions.push((row, session));
    }
    Ok(sessions)
}

/// Where the results store is: a PostgreSQL URL, or a data folder for the SQLite file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreLocation {
    pub database: Option<String>,
    pub data_dir: Option<PathBuf>,
}

impl StoreLocation {
    /// What the command line asked for, else the environment: `--database`, else
    /// `--data-dir`, else `$RAPPORT_DATABASE`, else `$RAPPORT_DATA_DIR` or the platform's data
    /// folder. An explicit flag always wins over a variable set in the environment.
    pub fn with_defaults(database: Option<String>, data_dir: Option<PathBuf>) -> Self {
        match (database, data_dir) {
            (Some(url), _) => StoreLocation {
                database: Some(url),
                data_dir: None,
            },
            (None, Some(folder)) => StoreLocation::folder(folder),
            (None, None) => StoreLocation {
                database: default_database(),
                data_dir: default_data_dir(),
            },
        }
    }

    /// The SQLite file in `folder`.
    pub fn folder(folder: impl Into<PathBuf>) -> Self {
        StoreLocation {
            database: None,
            data_dir: Some(folder.into()),
        }
    }

    /// Opens the store: PostgreSQL when a URL is given, else the SQLite file.
    pub fn open(&self) -> Result<Store, StoreError> {
        match (&self.database, &self.data_dir) {
            (Some(url), _) => Store::connect(url),
            (None, Some(folder)) => Store::open_in(folder),
            (None, None) => Err(StoreError::NoDataDir),
        }
    }
}

impl Store {
    /// Opens (creating on first run) the SQLite store in `folder`.
    pub fn open_in(folder: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
        Self::open(&folder.join(FILE_NAME))
    }

    /// Opens (creating if missing) the SQLite file at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let location = path.display().to_string();
        let connection =
            rusqlite::Connection::open(path).map_err(|source| StoreError::NotAStore {
                location: location.clone(),
                source: source.into(),
            })?;
        let mut store = Store {
            backend: Backend::Sqlite(connection),
            location,
        };
        store.migrate()?;
        Ok(store)
    }

    /// A store that lives in memory, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut store = Store {
            backend: Backend::Sqlite(rusqlite::Connection::open_in_memory()?),
            location: ":memory:".into(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Connects to a PostgreSQL store (`postgres://user:password@host:port/database`),
    /// creating its tables on first use.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(StoreError::NotAUrl(redact(url)));
        }
        let location = redact(url);
        let connect_error = |source| StoreError::Connect {
            location: location.clone(),
            source,
        };
        let mut config: postgres::Config = url.parse().map_err(connect_error)?;
        if config.get_connect_timeout().is_none() {
            // An unreachable server should be reported, not wait forever.
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        let client = config.connect(postgres::NoTls).map_err(connect_error)?;
        let mut store = Store {
            backend: Backend::Postgres(Box::new(client)),
            location,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The file, or the database URL without its password.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Whether this store is shared on a PostgreSQL server.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let location = self.location.clone();
        match &mut self.backend {
            Backend::Sqlite(connection) => schema::migrate_sqlite(connection, &location),
            Backend::Postgres(client) => schema::migrate_postgres(client, &location),
        }
    }

    /// Runs `work` outside a transaction (reads).
    fn read<T>(
        &mut self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &mut self.backend {
            Backend::Sqlite(connection) => work(&mut Sqlite(connection)),
            Backend::Postgres(client) => work(&mut Postgres(client.as_mut())),
        }
    }

    /// Runs `work` in one transaction: all of it lands, or none of it.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &mut self.backend {
            Backend::Sqlite(connection) => {
                let transaction = connection.transaction()?;
                let value = work(&mut Sqlite(&transaction))?;
                transaction.commit()?;
                Ok(value)
            }
            Backend::Postgres(client) => {
                let mut transaction = client.transaction()?;
                let value = work(&mut Postgres(&mut transaction))?;
                transaction.commit()?;
                Ok(value)
            }
        }
    }

    /// Records that `name` (of `team`) is playing, so the next start can offer to continue.
    pub fn remember_trainee(&mut self, name: &str, team: &str) -> Result<(), StoreError> {
        self.write(|sql| {
            // Strictly after everyone else, even within the same second: the stamp orders
            // trainees, and the clock alone cannot tell two switches a moment apart.
            let latest = sql
                .query("SELECT MAX(last_seen) FROM trainees", &[])?
                .first()
                .map(|row| row.opt_int(0))
                .transpose()?
                .flatten()
                .unwrap_or(0);
            sql.execute(
                "INSERT INTO trainees (name, team, last_seen) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET team = excluded.team, last_seen = excluded.last_seen",
                &[name.into(), team.into(), now().max(latest + 1).into()],
            )?;
            Ok(())
        })
    }

    /// Trainees, the most recent first.
    pub fn trainees(&mut self) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT name, team FROM trainees ORDER BY last_seen DESC, name",
                &[],
            )?
            .iter()
            .map(|row| Ok((row.text(0)?, row.text(1)?)))
            .collect()
        })
    }

    /// The trainee who played last, with their team.
    pub fn last_trainee(&mut self) -> Result<Option<(String, String)>, StoreError> {
        Ok(self.trainees()?.into_iter().next())
    }

    /// Stores one session and its turns in a transaction. A session whose uid is already
    /// stored (an import of the same export twice) is left as it is.
    pub fn save_session(
        &mut self,
        data: &SessionData,
        debrief: Option<&Debrief>,
    ) -> Result<Saved, StoreError> {
        self.write(|sql| insert_session(sql, data, debrief, None))
    }

    /// Whether a session with this uid is stored.
    pub fn has_session(&mut self, uid: &str) -> Result<bool, StoreError> {
        self.read(|sql| {
            Ok(!sql
                .query("SELECT 1 FROM sessions WHERE uid = $1", &[uid.into()])?
                .is_empty())
        })
    }

    /// Stores a new team match.
    pub fn create_match(&mut self, plan: &MatchPlan) -> Result<(), StoreError> {
        let encoded = serde_json::to_string(plan)?;
        self.write(|sql| {
            sql.execute(
                "INSERT INTO matches (uid, name, plan, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (uid) DO NOTHING",
                &[
                    plan.uid.as_str().into(),
                    plan.name.as_str().into(),
                    encoded.as_str().into(),
                    plan.created_at.into(),
                ],
            )?;
            Ok(())
        })
    }

    /// Stores one player's session as their turn on a round of a match, in one transaction
    /// (and marks the match finished when it was the last turn).
    pub fn save_match_session(
        &mut self,
        slot: &MatchSlot,
        data: &SessionData,
        debrief: Option<&Debrief>,
    ) -> Result<Saved, StoreError> {
        self.write(|sql| {
            let saved = insert_session(sql, data, debrief, Some(slot))?;
            if slot.last {
                sql.execute(
                    "UPDATE matches SET finished_at = $1 WHERE uid = $2",
                    &[data.ended_at.into(), slot.match_uid.as_str().into()],
                )?;
            }
            Ok(saved)
        })
    }

    /// A match with every turn played so far.
    pub fn load_match(&mut self, uid: &str) -> Result<Option<TeamMatch>, StoreError> {
        self.read(|sql| {
            let Some(row) = sql
                .query("SELECT plan FROM matches WHERE uid = $1", &[uid.into()])?
                .into_iter()
                .next()
            else {
                return Ok(None);
            };
            let plan: MatchPlan = serde_json::from_str(&row.text(0)?)?;
            let mut team_match = TeamMatch::new(plan);
            let sessions = load_sessions(
                sql,
                "WHERE match_uid = $1 ORDER BY match_round, match_player",
                &[uid.into()],
            )?;
            for (row, session) in sessions {
                team_match.played.push(Played {
                    round: row.small(15)?,
                    player: row.small(16)?,
                    score: session.outcome.as_ref().map(|o| o.score),
                    csat: session.outcome.as_ref().map(|o| o.csat),
                    moment: best_moment(&session.turns),
                    session_uid: session.uid,
                });
            }
            Ok(Some(team_match))
        })
    }

    /// Matches not played to the end (the newest first), to resume.
    pub fn unfinished_matches(&mut self) -> Result<Vec<TeamMatch>, StoreError> {
        let uids: Vec<String> = self.read(|sql| {
            sql.query(
                "SELECT uid FROM matches WHERE finished_at IS NULL ORDER BY created_at DESC, uid",
                &[],
            )?
            .iter()
            .map(|row| Ok(row.text(0)?))
            .collect()
        })?;
        let mut matches = Vec::new();
        for uid in uids {
            matches.extend(self.load_match(&uid)?);
        }
        Ok(matches)
    }

    /// Gives up a match: it is no longer offered to resume; its sessions stay.
    pub fn close_match(&mut self, uid: &str) -> Result<(), StoreError> {
        self.write(|sql| {
            sql.execute(
                "UPDATE matches SET finished_at = $1 WHERE uid = $2 AND finished_at IS NULL",
                &[now().into(), uid.into()],
            )?;
            Ok(())
        })
    }

    /// Every session started at or after `since` (unix seconds), oldest first, with turns.
    pub fn sessions_since(&mut self, since: Option<i64>) -> Result<Vec<SessionData>, StoreError> {
        self.read(|sql| {
            Ok(load_sessions(
                sql,
                "WHERE CAST($1 AS BIGINT) IS NULL OR started_at >= $1 ORDER BY started_at, id",
                &[since.into()],
            )?
            .into_iter()
            .map(|(_, session)| session)
            .collect())
        })
    }

    /// The trainee's best finished score per scenario id.
    pub fn best_scores(&mut self, trainee: &str) -> Result<HashMap<String, u8>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT scenario_id, MAX(score) FROM sessions
                 WHERE trainee = $1 AND status = 'finished' GROUP BY scenario_id",
                &[trainee.into()],
            )?
            .iter()
            .map(|row| Ok((row.text(0)?, row.small(1)?)))
            .collect()
        })
    }

    /// Finished sessions per scenario, optionally for one scenario and one team.
    pub fn scenario_standings(
        &mut self,
        scenario: Option<&str>,
        team: Option<&str>,
    ) -> Result<Vec<Standing>, StoreError> {
        self.standings(
            "scenario_id, ''",
            "scenario_id",
            "scenario_id",
            scenario,
            team,
        )
    }

    /// Finished sessions per trainee, best first, optionally for one scenario and one team.
    pub fn trainee_standings(
        &mut self,
        scenario: Option<&str>,
        team: Option<&str>,
    ) -> Result<Vec<Standing>, StoreError> {
        self.standings(
            "trainee, team",
            "trainee, team",
            "MAX(score) DESC, trainee",
            scenario,
            team,
        )
    }

    fn standings(
        &mut self,
        columns: &str,
        group: &str,
        order: &str,
        scenario: Option<&str>,
        team: Option<&str>,
    ) -> Result<Vec<Standing>, StoreError> {
        // The SQL fragments are fixed strings from this file, never user input.
        let query = format!(
            "SELECT {columns}, MAX(score), CAST(AVG(score) AS DOUBLE PRECISION), COUNT(*), MAX(csat)
             FROM sessions
             WHERE status = 'finished' AND (CAST($1 AS TEXT) IS NULL OR scenario_id = $1)
                 AND (CAST($2 AS TEXT) IS NULL OR team = $2)
             GROUP BY {group} ORDER BY {order}"
        );
        self.read(|sql| {
            sql.query(&query, &[scenario.into(), team.into()])?
                .iter()
                .map(|row| {
                    Ok(Standing {
                        name: row.text(0)?,
                        team: row.text(1)?,
                        best: row.small(2)?,
                        average: row.real(3)?,
                        sessions: row.small(4)?,
                        best_csat: row.small(5)?,
                    })
                })
                .collect()
        })
    }

    /// Teams ranked by the average of their members' best score on each scenario played.
    pub fn team_standings(
        &mut self,
        scenario: Option<&str>,
    ) -> Result<Vec<TeamStanding>, StoreError> {
        self.read(|sql| {
            sql.query(
                "WITH bests AS (
                     SELECT team, trainee, scenario_id, MAX(score) AS best, COUNT(*) AS played
                     FROM sessions
                     WHERE status = 'finished' AND (CAST($1 AS TEXT) IS NULL OR scenario_id = $1)
                     GROUP BY team, trainee, scenario_id)
                 SELECT team, CAST(AVG(best) AS DOUBLE PRECISION), COUNT(DISTINCT trainee),
                     CAST(SUM(played) AS BIGINT)
                 FROM bests GROUP BY team ORDER BY AVG(best) DESC, team",
                &[scenario.into()],
            )?
            .iter()
            .map(|row| {
                Ok(TeamStanding {
                    team: row.text(0)?,
                    average_of_bests: row.real(1)?,
                    members: row.small(2)?,
                    sessions: row.small(3)?,
                })
            })
            .collect()
        })
    }

    /// Every session of `trainee`, oldest first, abandoned ones included, with the per-skill
    /// scores of finished ones.
    pub fn history(&mut self, trainee: &str) -> Result<Vec<HistoryRow>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT started_at, scenario_id, status, score, csat, debrief FROM sessions
                 WHERE trainee = $1 ORDER BY started_at, id",
                &[trainee.into()],
            )?
            .iter()
            .map(|row| {
                let skills = match row.opt_text(5)? {
                    Some(debrief) => skill_scores(&debrief)?,
                    None => Vec::new(),
                };
                Ok(HistoryRow {
                    started_at: row.int(0)?,
                    scenario_id: row.text(1)?,
                    status: row.text(2)?,
                    score: row.opt_small(3)?,
                    csat: row.opt_small(4)?,
                    skills,
                })
            })
            .collect()
        })
    }

    /// Every stored session, oldest first.
    pub fn sessions(&mut self) -> Result<Vec<StoredSession>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT id, trainee, scenario_id, status, score FROM sessions ORDER BY id",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(StoredSession {
                    id: row.int(0)?,
                    trainee: row.text(1)?,
                    scenario_id: row.text(2)?,
                    status: row.text(3)?,
                    score: row.opt_small(4)?,
                })
            })
            .collect()
        })
    }
}

/// The per-skill scores kept in a stored debrief.
fn skill_scores(debrief: &str) -> Result<Vec<(Skill, u8)>, StoreError> {
    #[derive(Deserialize)]
    struct Stored {
        skills: Vec<StoredSkill>,
    }
    #[derive(Deserialize)]
    struct StoredSkill {
        skill: Skill,
        score: Option<u8>,
    }
    let stored: Stored = serde_json::from_str(debrief)?;
    Ok(stored
        .skills
        .into_iter()
        .filter_map(|skill| Some((skill.skill, skill.score?)))
        .collect())
}

fn session_from_row(row: &Row, turns: &[Row]) -> Result<SessionData, StoreError> {
    let outcome = match row.opt_text(7)? {
        Some(ending) => Some(SessionOutcome {
            ending,
            score: row.small(8)?,
            csat: row.small(9)?,
            nps: row.small(10)?,
            retention: row.text(11)?,
        }),
        None => None,
    };
    let turns = turns
        .iter()
        .map(|turn| {
            Ok(TurnData {
                node: turn.text(0)?,
                choice: serde_json::from_str(&turn.text(1)?)?,
                reply: turn.text(2)?,
                millis: turn.opt_small(3)?,
                satisfaction: turn.small(4)?,
                trust: turn.small(5)?,
                patience: turn.small(6)?,
                changes: serde_json::from_str(&turn.text(7)?)?,
                skills: serde_json::from_str(&turn.text(8)?)?,
                pitfalls: serde_json::from_str(&turn.text(9)?)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(SessionData {
        uid: row.text(0)?,
        trainee: row.text(1)?,
        team: row.text(2)?,
        record: SessionRecord {
            scenario_id: row.text(3)?,
            content_hash: ContentHash(row.text(4)?),
            seed: row.int(5)? as u64,
            choices: serde_json::from_str(&row.text(6)?)?,
        },
        outcome,
        turns,
        started_at: row.int(12)?,
        ended_at: row.int(13)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Choice;
    use rusqlite::Connection;

    fn record() -> SessionRecord {
        SessionRecord {
            scenario_id: "demo".into(),
            content_hash: ContentHash("abc".into()),
            seed: u64::MAX,
            choices: vec![Choice::Response(1), Choice::Silence],
        }
    }

    fn abandoned() -> SessionData {
        SessionData {
            uid: new_uid(),
            trainee: "Dana".into(),
            team: "Blue".into(),
            record: record(),
            outcome: None,
            turns: Vec::new(),
            started_at: 10,
            ended_at: 20,
        }
    }

    #[test]
    fn a_version_1_store_is_migrated_with_its_sessions() {
        let folder = scratch("migrate");
        let path = folder.join(FILE_NAME);
        {
            let connection = Connection::open(&path).unwrap();
            connection
                .execute_batch(schema::first_sqlite_schema())
                .unwrap();
            connection
                .execute(
                    "INSERT INTO sessions (trainee, team, scenario_id, content_hash, seed, choices,
                         status, ending, score, csat, nps, retention, started_at, ended_at)
                     VALUES ('Old', 'Blue', 'demo', 'abc', -1, '[{\"Response\":1}]',
                         'finished', 'done', 80, 4, 8, 'stays', 5, 6)",
                    [],
                )
                .unwrap();
            connection.pragma_update(None, "user_version", 1).unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let sessions = store.sessions_since(None).unwrap();
        assert_eq!(sessions.len(), 1);
        let old = &sessions[0];
        assert_eq!(old.uid.len(), 36);
        assert_eq!(&old.uid[14..15], "4");
        assert_eq!(old.record.seed, u64::MAX);
        assert_eq!(old.record.choices, [Choice::Response(1)]);
        assert_eq!(old.outcome.as_ref().map(|o| o.score), Some(80));
        assert!(old.turns.is_empty(), "version 1 kept no turns");
        let version: i64 = Connection::open(&path)
            .unwrap()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        drop(store);
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn explicit_flags_win_over_the_environment() {
        let url = Some("postgres://x@y/z".to_owned());
        let folder = Some(PathBuf::from("/tmp/somewhere"));
        assert_eq!(
            StoreLocation::with_defaults(url.clone(), folder.clone()).database,
            url
        );
        let by_folder = StoreLocation::with_defaults(None, folder.clone());
        assert_eq!((by_folder.database, by_folder.data_dir), (None, folder));
    }

    #[test]
    fn uids_are_version_4_uuids() {
        let uid = new_uid();
        assert_eq!(uid.len(), 36);
        assert_eq!(&uid[14..15], "4");
        assert!("89ab".contains(&uid[19..20]));
        assert_ne!(uid, new_uid());
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://rapport:s3cret@db.local:5432/results"),
            "postgres://rapport:***@db.local:5432/results"
        );
        assert_eq!(
            redact("postgres://db.local/results"),
            "postgres://db.local/results"
        );
        assert!(matches!(
            Store::connect("mysql://x@y/z"),
            Err(StoreError::NotAUrl(_))
        ));
    }

    fn scratch(name: &str) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("rapport-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    #[test]
    fn abandoned_sessions_are_kept_but_never_count_as_finished() {
        let mut store = Store::in_memory().unwrap();
        let data = abandoned();
        assert!(matches!(
            store.save_session(&data, None).unwrap(),
            Saved::New(_)
        ));
        assert_eq!(
            store.save_session(&data, None).unwrap(),
            Saved::AlreadyStored,
            "the same uid is stored once"
        );
        let sessions = store.sessions().unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].status, "abandoned");
        assert_eq!(sessions[0].score, None);
        assert!(store.best_scores("Dana").unwrap().is_empty());
    }

    #[test]
    fn the_last_trainee_is_remembered_across_opens() {
        let folder = scratch("trainee");
        {
            let mut store = Store::open_in(&folder).unwrap();
            assert_eq!(store.last_trainee().unwrap(), None);
            store.remember_trainee("Ali", "Red").unwrap();
            store.remember_trainee("Dana", "Blue").unwrap();
        }
        let mut store = Store::open_in(&folder).unwrap();
        assert_eq!(
            store.last_trainee().unwrap(),
            Some(("Dana".into(), "Blue".into()))
        );
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn a_store_from_a_newer_version_is_refused_and_left_untouched() {
        let folder = scratch("newer");
        let path = folder.join(FILE_NAME);
        {
            let connection = Connection::open(&path).unwrap();
            connection
                .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let error = Store::open(&path).unwrap_err();
        assert!(
            matches!(error, StoreError::Newer { found, .. } if found == SCHEMA_VERSION + 1),
            "{error}"
        );
        assert!(error.to_string().contains("left untouched"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn a_file_that_is_not_a_store_is_refused_and_left_untouched() {
        let folder = scratch("corrupt");
        let path = folder.join(FILE_NAME);
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 251) as u8).collect();
        std::fs::write(&path, &garbage).unwrap();
        let error = Store::open(&path).unwrap_err();
        assert!(matches!(error, StoreError::NotAStore { .. }), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), garbage);
        let _ = std::fs::remove_dir_all(&folder);
    }
}
