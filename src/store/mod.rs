//! The results store: trainees, and every session played, finished or abandoned, in a local
//! SQLite file. Writes are transactions, so a crash leaves every earlier session intact; a
//! file written by a newer Rapport, or one that is not a results store, is refused untouched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::debrief::Debrief;
use crate::session::SessionRecord;

/// The schema this build writes; older files are migrated, newer ones refused.
pub const SCHEMA_VERSION: i32 = 1;
/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "rapport.sqlite";
/// Environment variable that overrides the data folder.
pub const DATA_DIR_VARIABLE: &str = "RAPPORT_DATA_DIR";

/// Each migration takes the schema from its index to the next version.
const MIGRATIONS: &[&str] = &[r#"
    CREATE TABLE trainees (
        name        TEXT PRIMARY KEY NOT NULL,
        team        TEXT NOT NULL DEFAULT '',
        last_seen   INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        id            INTEGER PRIMARY KEY,
        trainee       TEXT NOT NULL,
        team          TEXT NOT NULL,
        scenario_id   TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        seed          INTEGER NOT NULL,
        choices       TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('finished', 'abandoned')),
        ending        TEXT,
        score         INTEGER,
        csat          INTEGER,
        nps           INTEGER,
        retention     TEXT,
        debrief       TEXT,
        started_at    INTEGER NOT NULL,
        ended_at      INTEGER NOT NULL
    );
    CREATE INDEX sessions_by_trainee ON sessions (trainee, scenario_id);
"#];

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a Rapport results store or is damaged ({source}); it was left untouched"
    )]
    NotAStore {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{path} was written by a newer Rapport (schema {found}; this one reads up to {SCHEMA_VERSION}); it was left untouched"
    )]
    Newer { path: PathBuf, found: i32 },
    #[error("results store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("results store: cannot encode a session: {0}")]
    Encode(#[from] serde_json::Error),
}

/// How a stored session ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending<'a> {
    Finished(&'a Debrief),
    Abandoned,
}

/// One session to store.
#[derive(Debug, Clone)]
pub struct SessionResult<'a> {
    pub trainee: &'a str,
    pub team: &'a str,
    pub record: &'a SessionRecord,
    pub ending: Ending<'a>,
    /// Unix seconds.
    pub started_at: i64,
    pub ended_at: i64,
}

/// A stored session, as read back.
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryRow {
    pub started_at: i64,
    pub scenario_id: String,
    pub status: String,
    pub score: Option<u8>,
    pub csat: Option<u8>,
}

/// An open results store.
pub struct Store {
    connection: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The data folder: `RAPPORT_DATA_DIR`, else the platform's (e.g. `~/.local/share/rapport`).
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os(DATA_DIR_VARIABLE).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(folder));
    }
    directories::ProjectDirs::from("", "", "rapport").map(|dirs| dirs.data_dir().to_path_buf())
}

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

impl Store {
    /// Opens (creating on first run) the store in `folder`.
    pub fn open_in(folder: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
        Self::open(&folder.join(FILE_NAME))
    }

    /// Opens (creating if missing) the store file at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let connection = Connection::open(path)?;
        let mut store = Store {
            connection,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// A store that lives in memory, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut store = Store {
            connection: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Where the store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        // Reading the version is the first touch of the file: a file that is not SQLite
        // fails here, before anything is written.
        let found: i32 = self
            .connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|source| StoreError::NotAStore {
                path: self.path.clone(),
                source,
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                found,
            });
        }
        // Another game or `rapport` process may be writing: wait for its lock rather than
        // fail, and let readers carry on while it writes (write-ahead log).
        self.connection
            .busy_timeout(std::time::Duration::from_secs(10))?;
        if self.path != Path::new(":memory:") {
            let _mode: String =
                self.connection
                    .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        }
        let transaction = self.connection.transaction()?;
        for (version, migration) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", version as i32 + 1)?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// Records that `name` (of `team`) is playing, so the next start can offer to continue.
    pub fn remember_trainee(&self, name: &str, team: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO trainees (name, team, last_seen) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET team = excluded.team, last_seen = excluded.last_seen",
            params![name, team, now()],
        )?;
        Ok(())
    }

    /// The trainee who played last, with their team.
    pub fn last_trainee(&self) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT name, team FROM trainees ORDER BY last_seen DESC, rowid DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    /// Stores one session in a transaction; returns its id.
    pub fn save_session(&mut self, result: &SessionResult) -> Result<i64, StoreError> {
        let choices = serde_json::to_string(&result.record.choices)?;
        let (status, ending, score, csat, nps, retention, debrief) = match result.ending {
            Ending::Finished(debrief) => (
                "finished",
                Some(debrief.ending.clone()),
                Some(debrief.score),
                Some(debrief.customer.csat),
                Some(debrief.customer.nps),
                Some(debrief.customer.retention.label()),
                Some(serde_json::to_string(debrief)?),
            ),
            Ending::Abandoned => ("abandoned", None, None, None, None, None, None),
        };
        let transaction = self.connection.transaction()?;
        transaction.execute(
            "INSERT INTO sessions (trainee, team, scenario_id, content_hash, seed, choices, status,
                 ending, score, csat, nps, retention, debrief, started_at, ended_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                result.trainee,
                result.team,
                result.record.scenario_id,
                result.record.content_hash.0,
                // SQLite integers are signed; the seed's bits are kept as they are.
                result.record.seed as i64,
                choices,
                status,
                ending,
                score,
                csat,
                nps,
                retention,
                debrief,
                result.started_at,
                result.ended_at,
            ],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        Ok(id)
    }

    /// The trainee's best finished score per scenario id.
    pub fn best_scores(&self, trainee: &str) -> Result<HashMap<String, u8>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT scenario_id, MAX(score) FROM sessions
             WHERE trainee = ?1 AND status = 'finished' GROUP BY scenario_id",
        )?;
        let rows = statement.query_map(params![trainee], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u8>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Finished sessions per scenario, optionally for one scenario and one team.
    pub fn scenario_standings(
        &self,
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
        &self,
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
        &self,
        columns: &str,
        group: &str,
        order: &str,
        scenario: Option<&str>,
        team: Option<&str>,
    ) -> Result<Vec<Standing>, StoreError> {
        // The SQL fragments are fixed strings from this file, never user input.
        let sql = format!(
            "SELECT {columns}, MAX(score), AVG(score), COUNT(*), MAX(csat) FROM sessions
             WHERE status = 'finished' AND (?1 IS NULL OR scenario_id = ?1) AND (?2 IS NULL OR team = ?2)
             GROUP BY {group} ORDER BY {order}"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map(params![scenario, team], |row| {
            Ok(Standing {
                name: row.get(0)?,
                team: row.get(1)?,
                best: row.get(2)?,
                average: row.get(3)?,
                sessions: row.get(4)?,
                best_csat: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Teams ranked by the average of their members' best score on each scenario played.
    pub fn team_standings(&self, scenario: Option<&str>) -> Result<Vec<TeamStanding>, StoreError> {
        let mut statement = self.connection.prepare(
            "WITH bests AS (
                 SELECT team, trainee, scenario_id, MAX(score) AS best, COUNT(*) AS played FROM sessions
                 WHERE status = 'finished' AND (?1 IS NULL OR scenario_id = ?1)
                 GROUP BY team, trainee, scenario_id)
             SELECT team, AVG(best), COUNT(DISTINCT trainee), SUM(played) FROM bests
             GROUP BY team ORDER BY AVG(best) DESC, team",
        )?;
        let rows = statement.query_map(params![scenario], |row| {
            Ok(TeamStanding {
                team: row.get(0)?,
                average_of_bests: row.get(1)?,
                members: row.get(2)?,
                sessions: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every session of `trainee`, oldest first, abandoned ones included.
    pub fn history(&self, trainee: &str) -> Result<Vec<HistoryRow>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT started_at, scenario_id, status, score, csat FROM sessions WHERE trainee = ?1 ORDER BY started_at, id",
        )?;
        let rows = statement.query_map(params![trainee], |row| {
            Ok(HistoryRow {
                started_at: row.get(0)?,
                scenario_id: row.get(1)?,
                status: row.get(2)?,
                score: row.get(3)?,
                csat: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every stored session, oldest first.
    pub fn sessions(&self) -> Result<Vec<StoredSession>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT id, trainee, scenario_id, status, score FROM sessions ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(StoredSession {
                id: row.get(0)?,
                trainee: row.get(1)?,
                scenario_id: row.get(2)?,
                status: row.get(3)?,
                score: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ContentHash;
    use crate::session::Choice;

    fn record() -> SessionRecord {
        SessionRecord {
            scenario_id: "demo".into(),
            content_hash: ContentHash("abc".into()),
            seed: u64::MAX,
            choices: vec![Choice::Response(1), Choice::Silence],
        }
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
        let record = record();
        let result = SessionResult {
            trainee: "Dana",
            team: "Blue",
            record: &record,
            ending: Ending::Abandoned,
            started_at: 10,
            ended_at: 20,
        };
        store.save_session(&result).unwrap();
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
            let store = Store::open_in(&folder).unwrap();
            assert_eq!(store.last_trainee().unwrap(), None);
            store.remember_trainee("Ali", "Red").unwrap();
            store.remember_trainee("Dana", "Blue").unwrap();
        }
        let store = Store::open_in(&folder).unwrap();
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
