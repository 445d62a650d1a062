//! The outbox: where a finished session waits when the results store cannot take it (another
//! writer holds it too long, the disk is full, the server is down), so it is never lost. Each
//! session is one JSON file, written aside and renamed into place, so a crash leaves either the
//! whole file or none; the next time the store opens, every waiting session is stored and its
//! file removed.

use std::io::Write;
use std::path::{Path, PathBuf};

use rapport_core::record::SessionData;
use serde::{Deserialize, Serialize};

use crate::{MatchSlot, Saved, Store, StoreError};

/// The outbox folder's name inside the data folder.
pub const FOLDER: &str = "outbox";

/// A session waiting to be stored, with its place in a match when it was a match turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub session: SessionData,
    pub slot: Option<MatchSlot>,
}

/// What delivering the outbox did.
#[derive(Debug, Default)]
pub struct Delivery {
    /// Sessions now in the store.
    pub stored: usize,
    /// Sessions still waiting (the store failed again), with the reason.
    pub still_waiting: usize,
    pub problem: Option<String>,
}

/// Sessions waiting for the store, in a folder of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbox {
    folder: PathBuf,
}

impl Outbox {
    /// The outbox in `data_dir`.
    pub fn in_data_dir(data_dir: &Path) -> Self {
        Outbox {
            folder: data_dir.join(FOLDER),
        }
    }

    /// The folder the sessions wait in.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Keeps `waiting` until the store can take it; returns the file it is in. The file is
    /// complete on disk (synced) before this returns.
    pub fn keep(&self, waiting: &Waiting) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.folder)?;
        let path = self.folder.join(format!("{}.json", waiting.session.uid));
        let aside = self
            .folder
            .join(format!(".{}.json.tmp", waiting.session.uid));
        let text = serde_json::to_vec_pretty(waiting).map_err(std::io::Error::other)?;
        {
            let mut file = std::fs::File::create(&aside)?;
            file.write_all(&text)?;
            file.sync_all()?;
        }
        std::fs::rename(&aside, &path)?;
        // The rename itself must survive a power cut too.
        if let Ok(folder) = std::fs::File::open(&self.folder) {
            let _ = folder.sync_all();
        }
        Ok(path)
    }

    /// The sessions waiting, oldest file name first; files that cannot be read are left where
    /// they are and named in the second list.
    pub fn waiting(&self) -> (Vec<(PathBuf, Waiting)>, Vec<String>) {
        let mut found = Vec::new();
        let mut unreadable = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            return (found, unreadable);
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .filter(|path| {
                !path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        for path in paths {
            match std::fs::read(&path)
                .map_err(|error| error.to_string())
                .and_then(|bytes| {
                    serde_json::from_slice::<Waiting>(&bytes).map_err(|error| error.to_string())
                }) {
                Ok(waiting) => found.push((path, waiting)),
                Err(error) => unreadable.push(format!("{}: {error}", path.display())),
            }
        }
        (found, unreadable)
    }

    /// Stores every waiting session, removing each file once its session is in the store (or
    /// was already there). Stops at the first failure: the store is still unavailable.
    pub fn deliver(&self, store: &mut Store) -> Delivery {
        let (waiting, unreadable) = self.waiting();
        let mut delivery = Delivery {
            problem: (!unreadable.is_empty())
                .then(|| format!("unreadable outbox files: {}", unreadable.join("; "))),
            ..Delivery::default()
        };
        let total = waiting.len();
        for (path, entry) in waiting {
            let saved: Result<Saved, StoreError> = match &entry.slot {
                Some(slot) => store.save_match_session(slot, &entry.session),
                None => store.save_session(&entry.session),
            };
            match saved {
                Ok(_) => {
                    delivery.stored += 1;
                    if let Err(error) = std::fs::remove_file(&path) {
                        delivery.problem = Some(format!(
                            "{} is stored but its outbox file stays: {error}",
                            entry.session.uid
                        ));
                    }
                }
                Err(error) => {
                    delivery.still_waiting = total - delivery.stored;
                    delivery.problem = Some(error.to_string());
                    break;
                }
            }
        }
        delivery
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::record::new_uid;
    use rapport_core::scenario::model::ContentHash;
    use rapport_core::session::{Choice, SessionRecord};
    use rapport_core::trainee::Trainee;

    fn waiting(name: &str) -> Waiting {
        Waiting {
            session: SessionData {
                uid: new_uid(),
                trainee: Trainee::new(name, "Blue"),
                record: SessionRecord {
                    scenario_id: "demo".into(),
                    content_hash: ContentHash("abc".into()),
                    seed: 7,
                    choices: vec![Choice::Response(0), Choice::Silence],
                },
                outcome: None,
                scoring_model: rapport_core::scoring::SCORING_MODEL,
                turns: Vec::new(),
                started_at: 10,
                ended_at: 20,
                language: "en".into(),
            },
            slot: None,
        }
    }

    #[test]
    fn a_kept_session_reads_back_whole_and_a_torn_file_is_named_not_lost() {
        let folder = crate::tests::scratch("outbox-keep");
        let outbox = Outbox::in_data_dir(&folder);
        let kept = waiting("Dana");
        let path = outbox.keep(&kept).unwrap();
        assert!(path.starts_with(outbox.folder()));
        std::fs::write(outbox.folder().join("torn.json"), b"{\"session\": {").unwrap();
        let (found, unreadable) = outbox.waiting();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, kept);
        assert_eq!(unreadable.len(), 1);
        assert!(unreadable[0].contains("torn.json"), "{unreadable:?}");
        let _ = std::fs::remove_dir_all(&folder);
    }
}
