//! Checks a parsed [`ScenarioFile`] and compiles it into a playable [`Scenario`].
//!
//! Problems are collected, not returned at the first one, so a trainer sees everything wrong
//! in one run. Each carries the path of the value it concerns; `load` turns paths into lines
//! and columns. The checks live in one file per concern; this one holds the entry point and
//! the [`Checker`] they all report through.

mod compile;
mod fields;
mod flags;
mod ids;
mod ranges;
mod structure;

use foldhash::HashMap;

use super::diagnostic::Severity;
use super::format::ScenarioFile;
use super::locate::FieldPath;
use super::model::{ContentHash, Scenario, Target};

/// Most nodes one scenario may have.
pub const MAX_NODES: usize = 20_000;
/// Most responses one node may offer: the game picks them with keys 1-9.
pub const MAX_RESPONSES: usize = 9;
/// Most characters in any one text.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Most distinct flags one scenario may use.
pub const MAX_FLAGS: usize = 128;
/// Longest time limit, in seconds.
pub const MAX_TIME_LIMIT_SECONDS: u32 = 600;

/// A problem found on the typed scenario, not yet located in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Whether it stops the scenario from loading.
    pub severity: Severity,
    /// The value it concerns, from the top of the file.
    pub path: FieldPath,
    /// The id of the node it is in, for problems inside a node.
    pub node: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Short text shown under the caret.
    pub label: String,
    /// How to fix it, when there is more to say than the message.
    pub help: Option<String>,
}

/// What validation produced: the compiled scenario when there was no error, and every problem.
#[derive(Debug)]
pub struct Validated {
    /// The playable scenario, present exactly when no problem is an error.
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in the order the checks found them.
    pub problems: Vec<Problem>,
}

/// Validates `file` and, if it has no errors, compiles it. `content_hash` is the hash of the
/// bytes it was read from.
pub fn validate(file: ScenarioFile, content_hash: ContentHash) -> Validated {
    let mut checker = Checker::default();
    // The order matters beyond taste: when a file has more problems than `load` shows, the
    // first errors found are the ones shown.
    checker.check_meta(&file);
    checker.check_customer(&file);
    checker.check_customer_value(&file);
    let ids = checker.collect_ids(&file);
    checker.check_entry_points(&file, &ids);
    for (index, node) in file.nodes.iter().enumerate() {
        checker.check_node(index, node, &ids);
    }
    checker.check_endings(&file);
    checker.check_flags_are_set(&file);
    checker.check_structure(&file, &ids);
    if checker.has_errors() {
        return Validated {
            scenario: None,
            problems: checker.problems,
        };
    }
    let scenario = compile::compile(file, &ids, &checker.flags, content_hash);
    Validated {
        scenario: Some(scenario),
        problems: checker.problems,
    }
}

/// Where an id leads, by index into the file's lists.
type Ids = HashMap<String, Target>;

/// Collects problems while the checks walk the file, and the flags they meet on the way.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// Flag name to bit, in order of first use.
    flags: HashMap<String, u8>,
    /// The flag limit is reported once, at the first flag past it, not for every later one.
    flag_overflow_reported: bool,
    /// "Did you mean" hints searched so far (they are bounded: see `ids::MAX_HINTS`).
    hints_searched: usize,
}

impl Checker {
    fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    fn report(
        &mut self,
        severity: Severity,
        path: &FieldPath,
        node: Option<&str>,
        message: String,
        label: &str,
    ) {
        self.problems.push(Problem {
            severity,
            path: *path,
            node: node.map(str::to_owned),
            message,
            label: label.to_owned(),
            help: None,
        });
    }

    /// Reports a problem that stops the scenario from loading.
    fn error(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        message: impl Into<String>,
        label: &str,
    ) {
        self.report(Severity::Error, path, node, message.into(), label);
    }

    /// Reports a problem the trainer should see; the scenario still loads.
    fn warning(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        message: impl Into<String>,
        label: &str,
    ) {
        self.report(Severity::Warning, path, node, message.into(), label);
    }

    /// Adds how to fix it to the problem reported last.
    fn help(&mut self, help: impl Into<String>) {
        if let Some(problem) = self.problems.last_mut() {
            problem.help = Some(help.into());
        }
    }
}
