//! Where the results store is: a PostgreSQL URL, or a data folder holding the SQLite file; the
//! command line wins over the environment. Passwords never reach a message.

use std::path::PathBuf;

use crate::{Store, StoreError};

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "rapport.sqlite";
/// Environment variable that overrides the data folder.
pub const DATA_DIR_VARIABLE: &str = "RAPPORT_DATA_DIR";
/// Environment variable naming a PostgreSQL store (`postgres://...`), like `--database`.
pub const DATABASE_VARIABLE: &str = "RAPPORT_DATABASE";

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
}
