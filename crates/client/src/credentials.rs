//! The sign-in a machine keeps: which server, as whom, and the token that stands for the
//! password (the password itself is never written anywhere). The file is readable by its owner
//! only; `rapport logout` revokes the token on the server and deletes it.

use std::io::Write;
use std::path::{Path, PathBuf};

use rapport_core::submission::Role;
use serde::{Deserialize, Serialize};

/// The file's name in the data folder.
pub const FILE_NAME: &str = "server.json";

/// A saved sign-in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub url: String,
    pub name: String,
    pub role: Role,
    /// A trainee's cohort and team when they signed in.
    #[serde(default)]
    pub cohort: Option<String>,
    #[serde(default)]
    pub team: String,
    pub token: String,
    /// Certificates to trust for this server (a site's own or a self-signed one).
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("url", &self.url)
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// The sign-in saved in `data_dir`, if any. A file that cannot be read is reported.
    pub fn load(data_dir: &Path) -> Result<Option<Self>, String> {
        let path = data_dir.join(FILE_NAME);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|error| {
                format!(
                    "{} is not a saved sign-in ({error}); `rapport login` writes a new one",
                    path.display()
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(format!("cannot read {}: {error}", path.display())),
        }
    }

    /// The sign-in `signed` gives at `url`.
    pub fn of(
        url: &str,
        signed: rapport_core::submission::SignedIn,
        ca_file: Option<PathBuf>,
    ) -> Self {
        Credentials {
            url: url.to_owned(),
            name: signed.account.name,
            role: signed.account.role,
            cohort: signed.account.cohort,
            team: signed.account.team,
            token: signed.token,
            ca_file,
        }
    }

    /// Saves this sign-in in `data_dir`, readable by its owner only.
    pub fn save(&self, data_dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        let aside = data_dir.join(format!(".{FILE_NAME}.tmp"));
        let _ = std::fs::remove_file(&aside);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        {
            let mut file = options.open(&aside)?;
            file.write_all(&serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
            file.sync_all()?;
        }
        std::fs::rename(&aside, &path)?;
        Ok(path)
    }

    /// Forgets the sign-in saved in `data_dir`.
    pub fn forget(data_dir: &Path) -> std::io::Result<bool> {
        match std::fs::remove_file(data_dir.join(FILE_NAME)) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_in_round_trips_is_private_and_never_printed() {
        let folder =
            std::env::temp_dir().join(format!("rapport-credentials-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        assert_eq!(Credentials::load(&folder), Ok(None));
        let credentials = Credentials {
            url: "https://rapport.example:8443".into(),
            name: "Dana".into(),
            role: Role::Trainee,
            cohort: Some("Night".into()),
            team: "Blue".into(),
            token: "f".repeat(64),
            ca_file: None,
        };
        let path = credentials.save(&folder).unwrap();
        assert_eq!(Credentials::load(&folder), Ok(Some(credentials.clone())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only its owner can read a token");
        }
        assert!(!format!("{credentials:?}").contains("ffff"));
        assert!(Credentials::forget(&folder).unwrap());
        assert_eq!(Credentials::load(&folder), Ok(None));
        let _ = std::fs::remove_dir_all(&folder);
    }
}
