//! Sessions waiting for the results server. A finished session is written here first (synced
//! to disk, renamed into place, so a crash leaves the whole file or none), then sent; its file
//! is removed only once the server has acknowledged it. A session the server refuses for good
//! (it will never be accepted, however often it is sent) is moved to `refused/` with the
//! reason beside it, so it is neither retried forever nor lost.

use std::io::Write;
use std::path::{Path, PathBuf};

use rapport_core::submission::{Receipt, Submission};
use serde::{Deserialize, Serialize};

use crate::{ClientError, Server};

/// The folder's name in the data folder.
pub const FOLDER: &str = "server-outbox";
/// Where refused sessions are kept, inside it.
pub const REFUSED: &str = "refused";

/// A session waiting, with the server it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub url: String,
    pub submission: Submission,
}

/// What one delivery did.
#[derive(Debug, Default)]
pub struct Delivery {
    /// Sessions the server acknowledged, with what it computed.
    pub sent: Vec<Receipt>,
    /// Sessions the server refused for good, with the reason (moved to `refused/`).
    pub refused: Vec<(String, String)>,
    /// Sessions still waiting.
    pub still_waiting: usize,
    /// Why delivery stopped early (the server is away, or the sign-in expired).
    pub problem: Option<ClientError>,
}

/// The outbox in a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionOutbox {
    folder: PathBuf,
}

impl SubmissionOutbox {
    pub fn in_data_dir(data_dir: &Path) -> Self {
        SubmissionOutbox {
            folder: data_dir.join(FOLDER),
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Keeps `waiting` on disk (synced) and returns its file.
    pub fn keep(&self, waiting: &Waiting) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.folder)?;
        let uid = &waiting.submission.uid;
        let path = self.folder.join(format!("{uid}.json"));
        let aside = self.folder.join(format!(".{uid}.json.tmp"));
        {
            let mut file = std::fs::File::create(&aside)?;
            file.write_all(&serde_json::to_vec_pretty(waiting).map_err(std::io::Error::other)?)?;
            file.sync_all()?;
        }
        std::fs::rename(&aside, &path)?;
        if let Ok(folder) = std::fs::File::open(&self.folder) {
            let _ = folder.sync_all();
        }
        Ok(path)
    }

    /// The sessions waiting, by file name; unreadable files are left alone and not listed.
    pub fn waiting(&self) -> Vec<(PathBuf, Waiting)> {
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            return Vec::new();
        };
        let mut found: Vec<(PathBuf, Waiting)> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension().is_some_and(|e| e == "json")
                    && !path
                        .file_name()
                        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
            })
            .filter_map(|path| {
                let waiting = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
                Some((path, waiting))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    /// Sends every session waiting for `server` (others wait for theirs), oldest file first.
    /// Stops at the first failure that may pass (the server is away), keeping the rest.
    pub fn deliver(&self, server: &Server) -> Delivery {
        let mut delivery = Delivery::default();
        let waiting: Vec<_> = self
            .waiting()
            .into_iter()
            .filter(|(_, waiting)| waiting.url.trim_end_matches('/') == server.url())
            .collect();
        let total = waiting.len();
        for (index, (path, waiting)) in waiting.into_iter().enumerate() {
            match server.submit(&waiting.submission) {
                Ok(receipt) => {
                    if let Err(error) = std::fs::remove_file(&path) {
                        // Sent, but its file stays: the next delivery is recognised as a
                        // retry by the server, so nothing is counted twice.
                        eprintln!("warning: cannot remove {}: {error}", path.display());
                    }
                    delivery.sent.push(receipt);
                }
                Err(error @ (ClientError::Refused { .. } | ClientError::Setup(_)))
                    if !error.is_temporary() =>
                {
                    let reason = error.to_string();
                    self.set_aside(&path, &reason);
                    delivery
                        .refused
                        .push((waiting.submission.uid.clone(), reason));
                }
                Err(error) => {
                    delivery.still_waiting = total - index;
                    delivery.problem = Some(error);
                    break;
                }
            }
        }
        delivery
    }

    /// Moves a refused session out of the way, with the reason in a text file beside it.
    fn set_aside(&self, path: &Path, reason: &str) {
        let folder = self.folder.join(REFUSED);
        let Some(name) = path.file_name() else {
            return;
        };
        let moved = std::fs::create_dir_all(&folder)
            .and_then(|()| std::fs::write(folder.join(name).with_extension("reason.txt"), reason))
            .and_then(|()| std::fs::rename(path, folder.join(name)));
        if let Err(error) = moved {
            eprintln!(
                "warning: {} was refused ({reason}) and cannot be moved aside: {error}",
                path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::session::Choice;

    #[test]
    fn a_kept_session_waits_whole_and_an_unreachable_server_keeps_it() {
        let folder =
            std::env::temp_dir().join(format!("rapport-server-outbox-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        let outbox = SubmissionOutbox::in_data_dir(&folder);
        let waiting = Waiting {
            url: "http://127.0.0.1:9".into(),
            submission: Submission {
                uid: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
                scenario_id: "demo".into(),
                content_hash: "abc".into(),
                seed: 1,
                choices: vec![Choice::Response(0)],
                millis: vec![900],
                ending: None,
                offline: false,
                typed: Vec::new(),
                language: Some("es".into()),
            },
        };
        outbox.keep(&waiting).unwrap();
        assert_eq!(outbox.waiting().len(), 1);
        assert_eq!(outbox.waiting()[0].1, waiting);
        // Port 9 (discard) is closed on loopback: nothing answers.
        let server = Server::new("http://127.0.0.1:9", None).unwrap();
        let delivery = outbox.deliver(&server);
        assert!(delivery.sent.is_empty());
        assert_eq!(delivery.still_waiting, 1);
        assert!(
            delivery
                .problem
                .as_ref()
                .is_some_and(ClientError::is_temporary)
        );
        assert_eq!(outbox.waiting().len(), 1, "still there for next time");
        // A session for another server is not sent here.
        let other = Server::new("http://127.0.0.1:10", None).unwrap();
        assert_eq!(outbox.deliver(&other).still_waiting, 0);
        assert_eq!(outbox.waiting().len(), 1);
        let _ = std::fs::remove_dir_all(&folder);
    }
}
