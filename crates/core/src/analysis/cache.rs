//! Value tables kept on disk, one file per scenario version and starting state, so the second
//! debrief of a version is a file read rather than an analysis.
//!
//! A file is named by the scenario's content hash, the starting state and
//! [`SCORING_VERSION`], so a changed scenario or a changed scoring model never reads an old
//! table. Files are written aside and renamed into place, and carry a checksum: a torn or
//! damaged file is ignored and replaced. The folder is kept under [`MOST_BYTES`] by removing
//! the least recently written tables.

use std::path::{Path, PathBuf};

use super::table::ValueTable;
use super::{Analysis, Limits, layer_key};
use crate::scenario::model::Scenario;
use crate::session::State;

/// Changes whenever the values an analysis computes change (the value formula, skill points,
/// the rules of a move), so tables computed by an older Rapport are not used. 2: scoring
/// model 2 (effort, money, severity, intended endings).
pub const SCORING_VERSION: u32 = 2;

/// Most bytes the cache folder holds; older tables are removed past it.
pub const MOST_BYTES: u64 = 256 * 1024 * 1024;

/// Value tables in one folder (`analysis` in the data folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisCache {
    folder: PathBuf,
}

/// Where a debrief's values came from, for the figures in a note or a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Cache,
    Computed,
}

impl AnalysisCache {
    /// The cache in `folder` (created when the first table is written).
    pub fn in_folder(folder: impl Into<PathBuf>) -> Self {
        AnalysisCache {
            folder: folder.into(),
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    fn file_for(&self, scenario: &Scenario, initial: &State) -> PathBuf {
        let [word, low, high] = layer_key(initial);
        let start = blake3::hash(
            &[
                word.to_le_bytes(),
                low.to_le_bytes(),
                high.to_le_bytes(),
                u64::from(initial.turn).to_le_bytes(),
            ]
            .concat(),
        );
        self.folder.join(format!(
            "{}-{}-v{SCORING_VERSION}.values",
            scenario.content_hash.0,
            &start.to_hex()[..16]
        ))
    }

    /// The table stored for `scenario` from `initial`, if there is a sound one.
    pub fn load(&self, scenario: &Scenario, initial: &State) -> Option<ValueTable> {
        let bytes = std::fs::read(self.file_for(scenario, initial)).ok()?;
        ValueTable::from_bytes(&bytes).filter(|table| table.is_for(scenario, initial))
    }

    /// Keeps `table` for `scenario`. A failure to write (a full disk, a read-only folder)
    /// only costs the next debrief an analysis, so it is returned for logging, not raised.
    pub fn store(&self, scenario: &Scenario, table: &ValueTable) -> std::io::Result<()> {
        use std::io::Write;
        std::fs::create_dir_all(&self.folder)?;
        let path = self.file_for(scenario, &table.initial());
        let aside = path.with_extension("values.tmp");
        {
            let mut file = std::fs::File::create(&aside)?;
            file.write_all(&table.to_bytes())?;
        }
        std::fs::rename(&aside, &path)?;
        self.trim();
        Ok(())
    }

    /// The table for `scenario` from `initial`: from the cache, or analysed and stored. `None`
    /// when the scenario is too large for an exact analysis (see [`ValueTable::of`]).
    pub fn table_for(&self, scenario: &Scenario, initial: State) -> Option<(ValueTable, Source)> {
        if let Some(table) = self.load(scenario, &initial) {
            return Some((table, Source::Cache));
        }
        let analysis = Analysis::within(scenario, initial, Limits::STANDARD, &[]);
        let table = ValueTable::of(scenario, &analysis)?;
        // Not stored is not lost: the next debrief analyses again.
        let _ = self.store(scenario, &table);
        Some((table, Source::Computed))
    }

    /// Removes the oldest tables while the folder holds more than [`MOST_BYTES`].
    fn trim(&self) {
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            return;
        };
        let mut tables: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "values"))
            .filter_map(|entry| {
                let metadata = entry.metadata().ok()?;
                Some((metadata.modified().ok()?, metadata.len(), entry.path()))
            })
            .collect();
        let mut total: u64 = tables.iter().map(|(_, size, _)| size).sum();
        tables.sort();
        for (_, size, path) in tables {
            if total <= MOST_BYTES {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= size;
            }
        }
    }
}

/// The values a session's debrief will need, worked out while it is played: from `cache`
/// when there is one, else analysed. `None` when only an approximate analysis is possible,
/// which has to wait for the session's own states (see [`crate::debrief::Debrief::of`]).
pub fn prepare(
    cache: Option<&AnalysisCache>,
    scenario: &Scenario,
    initial: State,
) -> Option<ValueTable> {
    match cache {
        Some(cache) => cache.table_for(scenario, initial).map(|(table, _)| table),
        None => ValueTable::of(
            scenario,
            &Analysis::within(scenario, initial, Limits::STANDARD, &[]),
        ),
    }
}
