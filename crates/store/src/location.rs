//! Where the results store is: a PostgreSQL URL, or a data folder holding the SQLite file; the
//! command line wins over the environment. Passwords never reach a message.

use std::path::PathBuf;

use rapport_core::analysis::cache::AnalysisCache;

use crate::{Store, StoreError};

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "rapport.sqlite";
/// Environment variable that overrides the data folder.
pub const DATA_DIR_VARIABLE: &str = "RAPPORT_DATA_DIR";
/// Environment variable naming a PostgreSQL store (`postgres://...`), like `--database`.
pub const DATABASE_VARIABLE: &str = "RAPPORT_DATABASE";

/// The analysis cache's folder inside the data folder.
pub const ANALYSIS_FOLDER: &str = "analysis";

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

/// Shown instead of a connection string that cannot be read: it may hold a password.
pub const UNREADABLE: &str =
    "(a connection string that cannot be read; not shown, as it may hold a password)";

/// A PostgreSQL connection string (a `postgres://` URL or `key=value` words) as it may be shown
/// in messages and logs: rebuilt from what the driver parsed, so a password never appears,
/// whichever way it was given (`user:password@`, `?password=`, `password=`). A string the
/// driver cannot read is not echoed at all.
pub fn redact(connection: &str) -> String {
    match connection.parse::<postgres::Config>() {
        Ok(config) => describe(&config),
        Err(_) => UNREADABLE.to_owned(),
    }
}

/// `postgres://user:***@host:port/database` from a parsed configuration.
fn describe(config: &postgres::Config) -> String {
    let user = config.get_user().unwrap_or_default();
    let password = if config.get_password().is_some() {
        ":***"
    } else {
        ""
    };
    let at = if user.is_empty() && password.is_empty() {
        ""
    } else {
        "@"
    };
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(index, host)| {
            let name = match host {
                postgres::config::Host::Tcp(name) => name.clone(),
                postgres::config::Host::Unix(path) => path.display().to_string(),
            };
            match ports.get(index).or(ports.first()) {
                Some(port) => format!("{name}:{port}"),
                None => name,
            }
        })
        .collect();
    let database = config.get_dbname().unwrap_or_default();
    format!(
        "postgres://{user}{password}{at}{}/{database}",
        hosts.join(",")
    )
}

/// The password for `config` when the connection string gave none, as PostgreSQL's own tools
/// find it: `PGPASSWORD`, else the password file (`PGPASSFILE`, or `~/.pgpass`). So the
/// password need not be on the command line, where every user of the machine can read it.
pub(crate) fn password_from_environment(config: &postgres::Config) -> Option<String> {
    if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(password);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(name)) => name.clone(),
        _ => "localhost".to_owned(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let database = config.get_dbname().unwrap_or_default();
    let user = config.get_user().unwrap_or_default();
    password_in_file(&text, [&host, &port, database, user])
}

/// The password of the first line of a `.pgpass` text that matches host, port, database and
/// user (`*` matches anything; `\:` and `\\` are a literal colon and backslash).
fn password_in_file(text: &str, wanted: [&str; 4]) -> Option<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            let [host, port, database, user, password] = fields.as_slice() else {
                return None;
            };
            let matches = [host, port, database, user]
                .iter()
                .zip(wanted)
                .all(|(field, wanted)| field.as_str() == "*" || field.as_str() == wanted);
            matches.then(|| password.clone())
        })
}

/// The colon-separated fields of one `.pgpass` line, escapes undone.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            other => {
                if let Some(field) = fields.last_mut() {
                    field.push(other);
                }
            }
        }
    }
    fields
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

    /// Where finished sessions wait when the store cannot take them: beside the SQLite file,
    /// or in the platform's data folder for a PostgreSQL store. `None` when there is no data
    /// folder at all.
    pub fn outbox(&self) -> Option<crate::outbox::Outbox> {
        self.data_dir
            .clone()
            .or_else(default_data_dir)
            .map(|folder| crate::outbox::Outbox::in_data_dir(&folder))
    }

    /// Where analyses are kept for the next debrief (see [`AnalysisCache`]): the `analysis`
    /// folder beside the outbox. `None` when there is no data folder.
    pub fn analysis_cache(&self) -> Option<AnalysisCache> {
        self.data_dir
            .clone()
            .or_else(default_data_dir)
            .map(|folder| AnalysisCache::in_folder(folder.join(ANALYSIS_FOLDER)))
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_password_file_line_matches_by_host_port_database_and_user() {
        let file = "# comment\n\
                    other:5432:results:rapport:nope\n\
                    db.local:5432:results:rapport:pa\\:ss\n\
                    *:*:*:*:fallback\n";
        assert_eq!(
            password_in_file(file, ["db.local", "5432", "results", "rapport"]).as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            password_in_file(file, ["elsewhere", "5433", "x", "y"]).as_deref(),
            Some("fallback")
        );
        assert_eq!(password_in_file("a:b:c\n", ["a", "b", "c", "d"]), None);
    }

    #[test]
    fn passwords_never_reach_messages_whichever_way_they_are_given() {
        for (given, shown) in [
            (
                "postgres://rapport:s3cret@db.local:5432/results",
                "postgres://rapport:***@db.local:5432/results",
            ),
            (
                "postgres://rapport@db.local/results?password=s3cret",
                "postgres://rapport:***@db.local:5432/results",
            ),
            (
                "host=db.local user=rapport password=s3cret dbname=results",
                "postgres://rapport:***@db.local/results",
            ),
            (
                "postgres://db.local/results",
                "postgres://db.local:5432/results",
            ),
            (
                "postgres://rapport:s3cret@db.local:notaport/results",
                UNREADABLE,
            ),
            ("postgres://rapport:s3cret@[db.local/results", UNREADABLE),
            ("host=db.local password='s3cret", UNREADABLE),
        ] {
            let redacted = redact(given);
            assert!(!redacted.contains("s3cret"), "{given} -> {redacted}");
            assert_eq!(redacted, shown, "{given}");
        }
        for bad in [
            "mysql://rapport:s3cret@y/z",
            "postgres://rapport:s3cret@[::1/db",
        ] {
            let error = Store::connect(bad).unwrap_err().to_string();
            assert!(!error.contains("s3cret"), "{error}");
        }
    }
}
