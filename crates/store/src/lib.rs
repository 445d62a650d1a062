//! The results store: trainees, and every session played, finished or abandoned, with each
//! choice, its timing and the meters after it. The default is a local SQLite file; given a
//! `postgres://` URL the same store runs on PostgreSQL, so teams on many machines share one
//! leaderboard. Writes are transactions, so a crash leaves every earlier session intact; a
//! store written by a newer Rapport, or a file that is not a results store, is refused
//! untouched.

pub mod backend;
mod boards;
pub mod export;
mod location;
mod matches;
pub mod outbox;
mod schema;
mod sessions;
mod trainees;

use std::path::{Path, PathBuf};

use backend::{Postgres, Sql, SqlError, Sqlite};

pub use boards::{HistoryRow, Played, Standing, TeamStanding};
pub use location::{
    ANALYSIS_FOLDER, DATA_DIR_VARIABLE, DATABASE_VARIABLE, FILE_NAME, StoreLocation,
    default_data_dir, default_database, redact,
};
pub use schema::SCHEMA_VERSION;
pub use sessions::{
    MatchSlot, Saved, StoredSession, insert_session, load_sessions, stored_session,
};

/// How many times a write is tried while another writer holds a SQLite store.
pub const WRITE_ATTEMPTS: u32 = 3;

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
    #[error(
        "`{0}` is not a PostgreSQL connection string: use postgres://user@host/database, with the password in PGPASSWORD or ~/.pgpass"
    )]
    NotAUrl(String),
    #[error(
        "{location} has schema {found}, older than this Rapport's {SCHEMA_VERSION}: an administrator runs `rapport server migrate` first"
    )]
    Unmigrated { location: String, found: i64 },
    #[error("results store: {0}")]
    Sql(#[from] SqlError),
    #[error("results store: a stored session cannot be read: {0}")]
    Encode(#[from] serde_json::Error),
}

impl StoreError {
    /// Whether another writer held the store for longer than the write was willing to wait.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(SqlError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                )
        )
    }
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

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>, backend::Prepared),
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
        let mut store = Self::open_unmigrated(path)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens the SQLite store at `path` as a server does: its schema must already be this
    /// build's (an administrator migrates it); nothing is created or changed.
    pub fn open_existing(path: &Path) -> Result<Self, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Unmigrated {
                location: path.display().to_string(),
                found: 0,
            });
        }
        let mut store = Self::open_unmigrated(path)?;
        store.check_schema()?;
        Ok(store)
    }

    fn open_unmigrated(path: &Path) -> Result<Self, StoreError> {
        let location = path.display().to_string();
        let connection =
            rusqlite::Connection::open(path).map_err(|source| StoreError::NotAStore {
                location: location.clone(),
                source: source.into(),
            })?;
        Ok(Store {
            backend: Backend::Sqlite(connection),
            location,
        })
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
        let mut store = Self::connect_unmigrated(url)?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects to a PostgreSQL store as a server does: its schema must already be this
    /// build's, so the server's role needs no right to create or alter tables.
    pub fn connect_existing(url: &str) -> Result<Self, StoreError> {
        let mut store = Self::connect_unmigrated(url)?;
        store.check_schema()?;
        Ok(store)
    }

    fn connect_unmigrated(url: &str) -> Result<Self, StoreError> {
        // `key=value` words are a connection string too; anything else with a scheme is not
        // PostgreSQL.
        let is_url = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !is_url && url.contains("://") {
            return Err(StoreError::NotAUrl(redact(url)));
        }
        // The driver's own parse error may quote the string; the message names none of it.
        let mut config: postgres::Config = url
            .parse()
            .map_err(|_| StoreError::NotAUrl(location::UNREADABLE.to_owned()))?;
        let location = redact(url);
        let connect_error = |source| StoreError::Connect {
            location: location.clone(),
            source,
        };
        if config.get_password().is_none()
            && let Some(password) = location::password_from_environment(&config)
        {
            config.password(password);
        }
        if config.get_connect_timeout().is_none() {
            // An unreachable server should be reported, not wait forever.
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        let client = config.connect(postgres::NoTls).map_err(connect_error)?;
        Ok(Store {
            backend: Backend::Postgres(Box::new(client), backend::Prepared::new()),
            location,
        })
    }

    /// The file, or the database URL without its password.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Whether the connection is gone (the PostgreSQL server restarted or the network broke);
    /// such a store answers nothing again and should be reopened.
    pub fn is_broken(&self) -> bool {
        match &self.backend {
            Backend::Sqlite(_) => false,
            Backend::Postgres(client, _) => client.is_closed(),
        }
    }

    /// Whether this store is shared on a PostgreSQL server.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(..))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let location = self.location.clone();
        match &mut self.backend {
            Backend::Sqlite(connection) => schema::migrate_sqlite(connection, &location),
            Backend::Postgres(client, prepared) => {
                // A migration changes tables: plans made before it are stale.
                prepared.clear();
                schema::migrate_postgres(client, &location)
            }
        }
    }

    /// Refuses a store whose schema is not exactly this build's.
    fn check_schema(&mut self) -> Result<(), StoreError> {
        let location = self.location.clone();
        let found = match &mut self.backend {
            Backend::Sqlite(connection) => schema::sqlite_version(connection, &location)?,
            Backend::Postgres(client, _) => schema::postgres_version(client, &location)?,
        };
        match found.cmp(&SCHEMA_VERSION) {
            std::cmp::Ordering::Equal => Ok(()),
            std::cmp::Ordering::Greater => Err(StoreError::Newer { location, found }),
            std::cmp::Ordering::Less => Err(StoreError::Unmigrated { location, found }),
        }
    }

    /// Runs `work` outside a transaction (reads).
    pub fn read<T>(
        &mut self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &mut self.backend {
            Backend::Sqlite(connection) => work(&mut Sqlite(connection)),
            Backend::Postgres(client, prepared) => work(&mut Postgres {
                client: client.as_mut(),
                prepared,
            }),
        }
    }

    /// Runs `work`, a single statement that writes, on its own: it commits as it runs, with no
    /// transaction around it (one round trip on a shared server instead of three).
    pub fn autocommit<T>(
        &mut self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.read(work)
    }

    /// How long a write waits for another writer (another game or `rapport` process) to let
    /// go of a SQLite store before it gives up; each write is tried [`WRITE_ATTEMPTS`] times.
    pub fn set_write_wait(&mut self, wait: std::time::Duration) -> Result<(), StoreError> {
        if let Backend::Sqlite(connection) = &mut self.backend {
            connection.busy_timeout(wait)?;
        }
        Ok(())
    }

    /// Runs `work` in one transaction: all of it lands, or none of it. On SQLite the write lock
    /// is taken first (IMMEDIATE), so waiting for another writer happens before anything is
    /// read; a store still busy after the wait is tried again, [`WRITE_ATTEMPTS`] times in all.
    pub fn write<T>(
        &mut self,
        mut work: impl FnMut(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match &mut self.backend {
            Backend::Sqlite(connection) => {
                let mut attempt = 1;
                loop {
                    let tried: Result<T, StoreError> = (|| {
                        let transaction = connection
                            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                        let value = work(&mut Sqlite(&transaction))?;
                        transaction.commit()?;
                        Ok(value)
                    })();
                    match tried {
                        Err(error) if error.is_busy() && attempt < WRITE_ATTEMPTS => attempt += 1,
                        other => return other,
                    }
                }
            }
            Backend::Postgres(client, prepared) => {
                let mut transaction = client.transaction()?;
                let value = work(&mut Postgres {
                    client: &mut transaction,
                    prepared,
                })?;
                transaction.commit()?;
                Ok(value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::session::Choice;
    use rusqlite::Connection;

    pub(crate) fn scratch(name: &str) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("rapport-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    #[test]
    fn a_version_1_store_is_migrated_with_its_sessions() {
        let folder = scratch("migrate");
        let path = folder.join(FILE_NAME);
        {
            let connection = Connection::open(&path).unwrap();
            connection
                .execute_batch(&schema::sqlite_schema_up_to(1))
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
    fn a_version_3_store_keeps_its_skill_scores_as_rows() {
        let folder = scratch("migrate-skills");
        let path = folder.join(FILE_NAME);
        {
            let connection = Connection::open(&path).unwrap();
            connection
                .execute_batch(&schema::sqlite_schema_up_to(3))
                .unwrap();
            // Schema 3 kept the whole debrief as JSON; only its skills matter now.
            let debrief = r#"{"skills":[
                {"skill":"Empathy","points":3,"best":4,"score":75},
                {"skill":"ActiveListening","points":0,"best":0,"score":null}]}"#;
            connection
                .execute(
                    "INSERT INTO sessions (uid, trainee, team, scenario_id, content_hash, seed,
                         choices, status, ending, score, csat, nps, retention, debrief,
                         started_at, ended_at)
                     VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'Old', 'Blue', 'demo',
                         'abc', 1, '[]', 'finished', 'done', 80, 4, 8, 'stays', ?1, 5, 6)",
                    [debrief],
                )
                .unwrap();
            connection.pragma_update(None, "user_version", 3).unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let history = store.history("Old").unwrap();
        assert_eq!(
            history[0].skills,
            [rapport_core::record::SkillScore {
                skill: rapport_core::scenario::Skill::Empathy,
                score: 75
            }]
        );
        let sessions = store.sessions_since(None).unwrap();
        let outcome = sessions[0].outcome.as_ref().unwrap();
        assert_eq!(outcome.skills, history[0].skills);
        drop(store);
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn a_version_4_store_marks_its_sessions_scoring_model_1_and_new_ones_are_model_2() {
        let folder = scratch("migrate-model");
        let path = folder.join(FILE_NAME);
        {
            let connection = Connection::open(&path).unwrap();
            connection
                .execute_batch(&schema::sqlite_schema_up_to(4))
                .unwrap();
            connection
                .execute(
                    "INSERT INTO sessions (uid, trainee, team, scenario_id, content_hash, seed,
                         choices, status, ending, score, csat, nps, retention, started_at,
                         ended_at)
                     VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'Old', 'Blue', 'demo',
                         'abc', 1, '[]', 'finished', 'done', 80, 4, 8, 'stays', 5, 6)",
                    [],
                )
                .unwrap();
            connection.pragma_update(None, "user_version", 4).unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let old = store
            .session("0f8fad5b-d9cb-469f-a165-70867728950e")
            .unwrap()
            .unwrap();
        assert_eq!(old.scoring_model, 1, "figures stored before model 2");
        assert_eq!(old.outcome.as_ref().map(|o| o.score), Some(80));
        let new = rapport_core::record::SessionData {
            uid: rapport_core::record::new_uid(),
            scoring_model: rapport_core::scoring::SCORING_MODEL,
            ..old.clone()
        };
        store.save_session(&new).unwrap();
        assert_eq!(store.session(&new.uid).unwrap().unwrap().scoring_model, 2);
        drop(store);
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn boards_rank_only_the_current_scoring_model_and_history_shows_every_session() {
        let folder = scratch("boards-model");
        let mut store = Store::open(&folder.join(FILE_NAME)).unwrap();
        let finished = |name: &str, score: u8, model: u32| rapport_core::record::SessionData {
            uid: rapport_core::record::new_uid(),
            trainee: rapport_core::trainee::Trainee::new(name, "Blue"),
            record: rapport_core::session::SessionRecord {
                scenario_id: "demo".into(),
                content_hash: rapport_core::scenario::model::ContentHash("abc".into()),
                seed: 1,
                choices: Vec::new(),
            },
            outcome: Some(rapport_core::record::SessionOutcome {
                ending: "done".into(),
                score,
                csat: 4,
                nps: 8,
                retention: "stays".into(),
                skills: Vec::new(),
            }),
            scoring_model: model,
            turns: Vec::new(),
            started_at: 1_800_000_000,
            ended_at: 1_800_000_100,
            language: "en".into(),
        };
        // An old model's 100 beside today's 60: different measures, not a ranking.
        store.save_session(&finished("Old", 100, 1)).unwrap();
        store.save_session(&finished("New", 60, 2)).unwrap();
        let board = store.trainee_standings(None, None, Played::Chosen).unwrap();
        let names: Vec<&str> = board.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["New"]);
        assert_eq!(
            store
                .scenario_standings(None, None, Played::Chosen)
                .unwrap()[0]
                .best,
            60
        );
        assert_eq!(
            store.team_standings(None, Played::Chosen).unwrap()[0].average_of_bests,
            60.0
        );
        assert!(store.best_scores("Old").unwrap().is_empty());
        let history = store.history("Old").unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!((history[0].score, history[0].scoring_model), (Some(100), 1));
        drop(store);
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
