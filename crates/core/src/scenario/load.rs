//! Reading scenario files: bytes to text to typed file to validated scenario, with every
//! failure turned into a located [`Diagnostic`] and never a panic.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity, ShownSource, line_column_of_byte};
use super::format::ScenarioFile;
use super::locate::{FieldPath, locate_all};
use super::model::{ContentHash, Scenario};
use super::recover::recover;
use super::validate::{Problem, validate};

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting accepted; a well-formed scenario needs about 8.
pub const MAX_NESTING: usize = 128;
/// Most folders one scenario path may hold (links to folders followed once each).
pub const MAX_FOLDERS: usize = 10_000;
/// Most problems shown for one file; the rest are counted (all are located, in one walk).
pub const MAX_REPORTED: usize = 100;

/// The result of loading one scenario file.
#[derive(Debug)]
pub struct LoadReport {
    /// The file as the trainer named it.
    pub file: String,
    /// The file's text (lossily decoded if it was not UTF-8), kept for rendering diagnostics;
    /// empty when there are none, so a clean load does not copy the file.
    pub source: String,
    /// The playable scenario, when there were no errors.
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Every diagnostic rendered like a compiler's, one after another.
    pub fn render(&self, color: bool) -> String {
        let shown = ShownSource::of(&self.source);
        self.diagnostics
            .iter()
            .map(|d| d.render_in(&shown, color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Reads and validates the scenario file at `path`.
pub fn load_file(path: &Path) -> LoadReport {
    let file = path.display().to_string();
    match read_limited(path) {
        Ok(bytes) => load_bytes(&file, &bytes),
        Err(message) => LoadReport {
            diagnostics: vec![whole_file_error(&file, message)],
            file,
            source: String::new(),
            scenario: None,
        },
    }
}

/// Reads at most one byte more than the limit, so a huge file is refused without reading it all.
pub(super) fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    Ok(bytes)
}

/// Validates scenario text held in memory; `file` names it in diagnostics.
pub fn load_bytes(file: &str, bytes: &[u8]) -> LoadReport {
    let text = match decode(file, bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            return LoadReport {
                file: file.to_owned(),
                source: String::from_utf8_lossy(bytes).into_owned(),
                scenario: None,
                diagnostics: vec![*diagnostic],
            };
        }
    };
    let content_hash = ContentHash::of(bytes);
    let (scenario, mut diagnostics) = match ron_options().from_str::<ScenarioFile>(text) {
        Ok(parsed) => {
            let validated = validate(parsed, content_hash);
            let located = locate_problems(file, text, validated.problems);
            (
                validated.scenario,
                first_reported(file, located, MAX_REPORTED),
            )
        }
        Err(error) => (None, recovered_problems(file, text, &error, content_hash)),
    };
    diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
    LoadReport {
        file: file.to_owned(),
        // Kept only to render diagnostics, so a clean load does not copy the file.
        source: if diagnostics.is_empty() {
            String::new()
        } else {
            text.to_owned()
        },
        scenario,
        diagnostics,
    }
}

/// Every independent problem of a file `ron` refused with `error`: its schema errors, read
/// past by repairing a copy (see `recover`), then what validation finds in the repaired copy,
/// except where a repair may have caused it.
fn recovered_problems(
    file: &str,
    text: &str,
    error: &ron::error::SpannedError,
    content_hash: ContentHash,
) -> Vec<Diagnostic> {
    let recovery = recover(file, text, error);
    let mut diagnostics = recovery.errors;
    if let Some((parsed, repaired)) = recovery.repaired {
        let validated = validate(parsed, content_hash);
        let problems = validated
            .problems
            .into_iter()
            .filter(|problem| !repaired.may_echo_a_repair(&problem.path))
            .collect();
        let located = locate_problems(file, &repaired.text, problems);
        diagnostics.extend(located.into_iter().filter_map(|diagnostic| {
            let (line, column) = repaired.original_position(diagnostic.line, diagnostic.column)?;
            Some(Diagnostic {
                line,
                column,
                ..diagnostic
            })
        }));
    }
    let mut diagnostics = first_reported(file, diagnostics, MAX_REPORTED);
    diagnostics.extend(recovery.stopped);
    diagnostics
}

/// RON options every scenario is read with: optional fields need no `Some(...)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// Bytes to text `ron` can read, or the one diagnostic that says why not.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Box<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Box::new(whole_file_error(
            file,
            format!(
                "the file is larger than {} MiB, the most a scenario file may be",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
            let (line, column) = line_column_of_byte(valid, valid.len());
            return Err(Box::new(Diagnostic {
                severity: Severity::Error,
                file: file.to_owned(),
                line,
                column,
                width: 1,
                node: None,
                message: format!(
                    "the file is not valid UTF-8: byte 0x{:02x} cannot start or continue a character",
                    bytes[error.valid_up_to()]
                ),
                label: "invalid byte".into(),
                help: Some("save the file as UTF-8".into()),
            }));
        }
    };
    // Editors on Windows like to start files with a byte-order mark; it carries no content.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Box::new(Diagnostic {
            help: Some("start from scenarios/_template.ron".into()),
            ..whole_file_error(file, "the file is empty".into())
        }));
    }
    Ok(text)
}

/// A RON or serde error, with the position `ron` gives.
pub(super) fn syntax_diagnostic(file: &str, error: &ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error;
    let (message, label) = match &error.code {
        Error::ExceededRecursionLimit => (
            format!("the file nests deeper than {MAX_NESTING} levels"),
            "too deep".to_owned(),
        ),
        Error::Eof => (
            "the file ends too early".to_owned(),
            "unexpected end".to_owned(),
        ),
        other => (other.to_string(), "here".to_owned()),
    };
    let start = error.span.start;
    let end = error.span.end;
    let width = if end.line == start.line && end.col > start.col {
        end.col - start.col
    } else {
        1
    };
    Diagnostic {
        severity: Severity::Error,
        file: file.to_owned(),
        line: start.line.max(1),
        column: start.col.max(1),
        width,
        node: None,
        message,
        label,
        help: None,
    }
}

/// Every problem as a diagnostic at its place in `text`, found in one walk.
fn locate_problems(file: &str, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let paths: Vec<FieldPath> = problems.iter().map(|problem| problem.path).collect();
    let locations = locate_all(text, &paths);
    problems
        .into_iter()
        .zip(locations)
        .map(|(problem, location)| Diagnostic {
            severity: problem.severity,
            file: file.to_owned(),
            line: location.line,
            column: location.column,
            width: location.width,
            node: problem.node,
            message: problem.message,
            label: problem.label,
            help: problem.help,
        })
        .collect()
}

/// The first `room` diagnostics, errors before warnings, and a line counting the rest: as
/// compilers do, so that a file with thousands of problems still reads as a short list.
fn first_reported(file: &str, mut diagnostics: Vec<Diagnostic>, room: usize) -> Vec<Diagnostic> {
    if diagnostics.len() <= room {
        return diagnostics;
    }
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let hidden = diagnostics.split_off(room);
    let errors = hidden.iter().filter(|d| d.is_error()).count();
    diagnostics.push(Diagnostic {
        severity: if errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        },
        help: Some("fix the problems shown and validate again".into()),
        ..whole_file_error(
            file,
            format!(
                "{} more problems ({errors} errors, {} warnings) are not shown; \
                 only the first {MAX_REPORTED} are",
                hidden.len(),
                hidden.len() - errors
            ),
        )
    });
    diagnostics
}

pub(super) fn whole_file_error(file: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_owned(),
        line: 1,
        column: 1,
        width: 1,
        node: None,
        message,
        label: "this file".into(),
        help: None,
    }
}

/// The `.ron` files named by `paths`: files as given, folders searched recursively, sorted.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            // Folders by their real path: a link back to a parent (a loop) is walked once.
            let mut seen = std::collections::HashSet::new();
            let mut pending = vec![path.clone()];
            while let Some(folder) = pending.pop() {
                let real = std::fs::canonicalize(&folder)
                    .map_err(|e| format!("cannot read folder {}: {e}", folder.display()))?;
                if !seen.insert(real) {
                    continue;
                }
                if seen.len() > MAX_FOLDERS {
                    return Err(format!(
                        "more than {MAX_FOLDERS} folders under {}: is it the right folder?",
                        path.display()
                    ));
                }
                let entries = std::fs::read_dir(&folder)
                    .map_err(|e| format!("cannot read folder {}: {e}", folder.display()))?;
                for entry in entries {
                    let entry = entry
                        .map_err(|e| format!("cannot read folder {}: {e}", folder.display()))?;
                    let entry_path = entry.path();
                    if entry_path.is_dir() {
                        pending.push(entry_path);
                    } else if entry_path.extension().is_some_and(|ext| ext == "ron") {
                        found.push(entry_path);
                    }
                }
            }
        } else if path.exists() {
            found.push(path.clone());
        } else {
            return Err(format!("no such file or folder: {}", path.display()));
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Loads a scenario that must be valid, for tests, benchmarks and tools.
pub fn load_valid(file: &str, text: &str) -> Result<Scenario, String> {
    let report = load_bytes(file, text.as_bytes());
    match report.scenario {
        Some(scenario) => Ok(scenario),
        None => Err(report.render(false)),
    }
}
