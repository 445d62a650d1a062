//! Checks across the files of one folder (or one `rapport validate` run): each file is loaded
//! on its own, and a scenario id an earlier file already uses is an error, because results,
//! leaderboards and exports are stored under the id.

use std::path::Path;

use foldhash::HashMap;

use super::diagnostic::{Diagnostic, Severity};
use super::load::{LoadReport, load_bytes, read_limited, whole_file_error};
use super::locate::{FieldPath, locate};

/// Loads scenario files one after another, remembering the first file that used each
/// scenario id. Files are expected in a stable order ([`super::discover`] sorts them), so the
/// same file is always the one told.
#[derive(Debug, Default)]
pub struct FolderCheck {
    /// Scenario id to the file that first used it, among files that loaded.
    first_file: HashMap<String, String>,
}

impl FolderCheck {
    /// Reads and validates the file at `path` as [`super::load_file`] does, adding an error
    /// at its `id` (and holding back its scenario) when an earlier file already uses that
    /// scenario id. A file with errors of its own claims no id: its id is checked once it
    /// loads.
    pub fn load_file(&mut self, path: &Path) -> LoadReport {
        let file = path.display().to_string();
        let bytes = match read_limited(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                return LoadReport {
                    diagnostics: vec![whole_file_error(&file, message)],
                    file,
                    source: String::new(),
                    scenario: None,
                };
            }
        };
        let mut report = load_bytes(&file, &bytes);
        let Some(id) = report.scenario.as_ref().map(|s| s.meta.id.clone()) else {
            return report;
        };
        let Some(first) = self.first_file.get(&id) else {
            self.first_file.insert(id, file);
            return report;
        };
        // The file loaded, so its bytes are UTF-8; `load_bytes` read it without the mark.
        let text = std::str::from_utf8(&bytes).unwrap_or_default();
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let at = locate(text, &FieldPath::root().field("id"));
        report.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.clone(),
            line: at.line,
            column: at.column,
            width: at.width,
            node: None,
            message: format!(
                "scenario id `{id}` is already used by {first}; results are stored under the id, so the two would share one history and leaderboard"
            ),
            label: "used by another file".into(),
            help: Some(
                "give one of them a new id, conventionally its file name without `.ron`".into(),
            ),
        });
        report
            .diagnostics
            .sort_by_key(|d| (d.line, d.column, d.severity));
        // A report holds a scenario only when it has no errors.
        report.scenario = None;
        if report.source.is_empty() {
            report.source = text.to_owned();
        }
        report
    }
}
