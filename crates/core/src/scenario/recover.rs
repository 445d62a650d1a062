//! A lenient second reading after the format refuses a file, so that every independent problem
//! in it is reported in one run.
//!
//! `ron` stops at the first field it does not know, the first missing field, unknown variant or
//! wrongly typed value. Each such *schema* error is reported, then repaired in a copy of the
//! text: an unknown or duplicate field is blanked out, a missing one gets a placeholder, a
//! wrongly typed value is blanked out with its field (which is then missing, or defaulted). The
//! copy is read again, until it reads or a bound is hit. Repairs keep every line where it was
//! and record how they move columns, so positions in the copy map back to the file as written.
//!
//! Syntax errors (an unclosed bracket, a missing comma) are not repaired: what follows one
//! cannot be read with any confidence, so it ends the reading, as it always did.

use std::ops::Range;

use ron::error::{Error, Position, Span, SpannedError};

use super::diagnostic::{Diagnostic, line_column_of_byte};
use super::format::ScenarioFile;
use super::load::{MAX_FILE_BYTES, MAX_NESTING, MAX_REPORTED, ron_options};
use super::load::{syntax_diagnostic, whole_file_error};
use super::locate::{Cursor, FieldPath, Segment, Token};

/// Most repairs made in one file. Reporting stops sooner, at [`MAX_REPORTED`] errors; this
/// also bounds the repairs that report nothing (a field missing once its misspelling is gone).
const MAX_REPAIRS: usize = 4 * MAX_REPORTED;
/// Most text read again while repairing, in bytes: bounds the time a large hostile file takes
/// (each reading goes as far as the next error, at worst the whole file).
const MAX_REREAD_BYTES: usize = 4 * MAX_FILE_BYTES;

/// What the lenient reading found.
pub(super) struct Recovery {
    /// The schema errors, and the error that ended the reading if it was not repaired, at
    /// their places in the file as written.
    pub errors: Vec<Diagnostic>,
    /// Said when the reading stopped at a bound, with more of the file unchecked.
    pub stopped: Option<Diagnostic>,
    /// The repaired copy and what it reads as, when it could be read in the end.
    pub repaired: Option<(ScenarioFile, Repaired)>,
}

/// A copy of the file that reads, with what was changed to make it so.
pub(super) struct Repaired {
    pub text: String,
    edits: Vec<Edit>,
    /// Structs (paths as printed) where a value was removed or made up: problems found on
    /// their fields may come from the repair, not from the trainer.
    changed_structs: Vec<String>,
}

impl Repaired {
    /// Where a line and column of the copy were in the file as written, or `None` if the
    /// spot is something a repair wrote.
    pub fn original_position(&self, line: usize, column: usize) -> Option<(usize, usize)> {
        original_position(&self.edits, (line, column))
    }

    /// Whether a problem at `path` may come from a repair: it is a field of a struct in
    /// which a value was removed or made up.
    pub fn may_echo_a_repair(&self, path: &FieldPath) -> bool {
        let holder = holding_struct(path);
        self.changed_structs.contains(&holder)
    }
}

/// Reads `text` leniently after `ron` refused it with `first`, reporting in `file`'s name.
pub(super) fn recover(file: &str, text: &str, first: &SpannedError) -> Recovery {
    let mut recovery = Recovery {
        errors: Vec::new(),
        stopped: None,
        repaired: None,
    };
    let mut current = text.to_owned();
    let mut error = first.clone();
    let mut edits: Vec<Edit> = Vec::new();
    let mut history: Vec<Repair> = Vec::new();
    let mut reread = 0usize;
    // An error inside something a repair wrote is the repair's, not the trainer's: it ends
    // the reading unreported.
    while let Some(start) = original_position(&edits, (error.span.start.line, error.span.start.col))
    {
        if recovery.errors.len() == MAX_REPORTED
            || history.len() == MAX_REPAIRS
            || reread > MAX_REREAD_BYTES
        {
            recovery.stopped = Some(stopped(file, recovery.errors.len()));
            break;
        }
        let at = byte_of(&current, error.span.start);
        // `ron` read as far as the error, and finding the entry around it walks as far again.
        reread += at.unwrap_or(current.len());
        let repair = at.and_then(|at| plan(&current, at, &error));
        if !repair
            .as_ref()
            .is_some_and(|repair| repair.echoes(&history))
        {
            recovery.errors.push(diagnostic_at(file, &error, start));
        }
        let Some(repair) = repair else {
            break;
        };
        edits.push(apply(&mut current, &repair));
        history.push(repair);
        match ron_options().from_str::<ScenarioFile>(&current) {
            // Every link to a node or ending whose id is made up would look broken: the
            // checks of the copy would report more noise than news.
            Ok(_) if history.iter().any(Repair::invents_a_target) => break,
            Ok(parsed) => {
                let repaired = Repaired {
                    text: current,
                    edits,
                    changed_structs: history
                        .into_iter()
                        .filter(|repair| repair.changes_a_value())
                        .map(|repair| repair.in_struct)
                        .collect(),
                };
                recovery.repaired = Some((parsed, repaired));
                break;
            }
            // The same error in the same place: the repair did not help, and would not again.
            Err(next) if next == error => break,
            Err(next) => error = next,
        }
    }
    recovery
}

/// `error`, found in the repaired copy, reported at `start` in the file as written.
fn diagnostic_at(file: &str, error: &SpannedError, (line, col): (usize, usize)) -> Diagnostic {
    let (from, to) = (error.span.start, error.span.end);
    let width = if to.line == from.line && to.col > from.col {
        to.col - from.col
    } else {
        0
    };
    let moved = SpannedError {
        code: error.code.clone(),
        span: Span {
            start: Position { line, col },
            end: Position {
                line,
                col: col + width,
            },
        },
    };
    syntax_diagnostic(file, &moved)
}

fn stopped(file: &str, repairs: usize) -> Diagnostic {
    Diagnostic {
        help: Some("fix the problems shown and validate again".into()),
        ..whole_file_error(
            file,
            format!(
                "checking stopped after {repairs} errors in the file's fields; \
                 there may be more problems after them"
            ),
        )
    }
}

/// One change to the copy: `replacement` for the bytes in `range`.
struct Repair {
    range: Range<usize>,
    replacement: String,
    /// The path of the struct the change is in, as printed (`nodes[3].responses[1]`).
    in_struct: String,
    kind: RepairKind,
}

#[derive(PartialEq)]
enum RepairKind {
    /// A field the struct does not have, blanked out.
    UnknownField,
    /// A field given twice, its second value blanked out.
    DuplicateField,
    /// A field whose value had the wrong type or an unknown variant, blanked out.
    RemovedValue(String),
    /// A missing field, given a placeholder.
    Placeholder(&'static str),
    /// A struct written under another name, renamed.
    Renamed,
}

impl Repair {
    /// Whether the error this repairs is an echo of an earlier repair: a field reported
    /// missing right after it was blanked out, or after an unknown field (most likely its
    /// misspelling) was blanked out of the same struct.
    fn echoes(&self, earlier: &[Repair]) -> bool {
        let RepairKind::Placeholder(missing) = self.kind else {
            return false;
        };
        earlier.iter().any(|repair| {
            repair.in_struct == self.in_struct
                && match &repair.kind {
                    RepairKind::UnknownField => true,
                    RepairKind::RemovedValue(name) => name == missing,
                    _ => false,
                }
        })
    }

    /// Whether this gives a node or an ending (not the scenario) a made-up id.
    fn invents_a_target(&self) -> bool {
        self.kind == RepairKind::Placeholder("id") && !self.in_struct.is_empty()
    }

    /// Whether the copy now holds a value the trainer did not write, or lacks one they did.
    fn changes_a_value(&self) -> bool {
        matches!(
            self.kind,
            RepairKind::RemovedValue(_) | RepairKind::Placeholder(_)
        )
    }
}

/// The repair for `error`, at byte `at` of `text`, or `None` for errors not repaired.
fn plan(text: &str, at: usize, error: &SpannedError) -> Option<Repair> {
    match &error.code {
        // A field of another struct is more likely a bracket closed too late, or a field put
        // in the wrong place, than a misspelling: reading on would report its neighbours as
        // unknown too.
        Error::NoSuchStructField { found, .. } if FORMAT_FIELDS.contains(&found.as_str()) => None,
        Error::NoSuchStructField { .. } => blank_field(text, at, RepairKind::UnknownField),
        Error::DuplicateStructField { .. } => blank_field(text, at, RepairKind::DuplicateField),
        Error::MissingStructField { field, outer } => {
            add_placeholder(text, at, field, outer.as_deref()?)
        }
        Error::ExpectedDifferentStructName { expected, found } => rename(text, at, found, expected),
        code if is_wrong_value(code) => {
            let field = around(text, at)?.entry?.name;
            blank_field(text, at, RepairKind::RemovedValue(field))
        }
        _ => None,
    }
}

/// Every field name of the format's structs (`format.rs`).
const FORMAT_FIELDS: &[&str] = &[
    "format_version",
    "id",
    "title",
    "summary",
    "difficulty",
    "channel",
    "skills",
    "estimated_minutes",
    "customer",
    "start",
    "walkout",
    "max_turns",
    "shuffle_responses",
    "scored",
    "nodes",
    "endings",
    "name",
    "situation",
    "satisfaction",
    "trust",
    "patience",
    "traits",
    "portrait",
    "speaker",
    "direction",
    "says",
    "reactions",
    "responses",
    "time_limit",
    "when",
    "text",
    "pitfalls",
    "effect",
    "coaching",
    "takeaway",
    "next",
    "examples",
    "requires",
    "sets",
    "clears",
    "seconds",
    "story_time",
    "outcome",
    "customer_value",
    "per_year",
    "currency",
    "severity",
    "effort",
    "cost",
    "intended",
];

/// Errors about a value that is well-formed but not what its field takes.
fn is_wrong_value(code: &Error) -> bool {
    matches!(
        code,
        Error::InvalidValueForType { .. }
            | Error::NoSuchEnumVariant { .. }
            | Error::ExpectedDifferentLength { .. }
            | Error::IntegerOutOfBounds
            | Error::InvalidIntegerDigit { .. }
            | Error::ExpectedInteger
            | Error::ExpectedFloat
            | Error::ExpectedString
            | Error::ExpectedBoolean
            | Error::ExpectedChar
            | Error::ExpectedByteLiteral
            | Error::ExpectedByteString
            | Error::ExpectedArray
            | Error::ExpectedMap
            | Error::ExpectedOption
            | Error::ExpectedUnit
            | Error::ExpectedStructLike
            | Error::ExpectedNamedStructLike(_)
            | Error::ExpectedStructName(_)
            | Error::ExpectedIdentifier
            | Error::Message(_)
    )
}

/// Blanks out the innermost `name: value,` holding byte `at`, keeping its line breaks.
fn blank_field(text: &str, at: usize, kind: RepairKind) -> Option<Repair> {
    let entry = around(text, at)?.entry?;
    let replacement = text[entry.range.clone()]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
        .collect();
    Some(Repair {
        range: entry.range,
        replacement,
        in_struct: entry.in_struct,
        kind,
    })
}

/// Writes `field: placeholder` just before the `)` at byte `at` that closes an `outer`.
fn add_placeholder(text: &str, at: usize, field: &'static str, outer: &str) -> Option<Repair> {
    if !text[at..].starts_with(')') {
        return None;
    }
    let value = placeholder(outer, field)?;
    let around = around(text, at)?;
    let separator = if around.after_separator { "" } else { ", " };
    Some(Repair {
        range: at..at,
        replacement: format!("{separator}{field}: {value}"),
        in_struct: around.group,
        kind: RepairKind::Placeholder(field),
    })
}

/// A value of the right type for each required field. Values that validation would refuse
/// do no harm: problems at a placeholder are not reported.
fn placeholder(outer: &str, field: &str) -> Option<&'static str> {
    Some(match (outer, field) {
        ("ScenarioFile", "format_version" | "difficulty" | "estimated_minutes") => "1",
        ("ScenarioFile", "channel") => "Chat",
        ("ScenarioFile", "skills" | "nodes" | "endings") => "[]",
        ("ScenarioFile", "customer") => {
            "CustomerSpec(name: \"-\", situation: \"-\", satisfaction: 50, trust: 50, patience: 50)"
        }
        ("CustomerSpec", "satisfaction" | "trust" | "patience") => "50",
        ("NodeSpec", "says") => "[\"-\"]",
        ("ReactionSpec", "when") => "[]",
        ("TimeLimitSpec", "seconds") => "10",
        ("EndingSpec", "outcome") => "Resolved",
        ("ValueSpec", "per_year") => "1",
        // Every other required field is a text or an id.
        (
            "ScenarioFile" | "CustomerSpec" | "NodeSpec" | "ReactionSpec" | "ResponseSpec"
            | "TimeLimitSpec" | "EndingSpec" | "ValueSpec",
            _,
        ) => "\"-\"",
        _ => return None,
    })
}

/// Renames the struct name `found` at byte `at` to `expected`, padded so nothing after it
/// moves unless the new name is longer.
fn rename(text: &str, at: usize, found: &str, expected: &str) -> Option<Repair> {
    if !text[at..].starts_with(found) {
        return None;
    }
    let in_struct = around(text, at)?.group;
    Some(Repair {
        range: at..at + found.len(),
        replacement: format!("{expected:<width$}", width = found.chars().count()),
        in_struct,
        kind: RepairKind::Renamed,
    })
}

/// A line and column, both 1-based, columns in characters.
type LineColumn = (usize, usize);

/// What a repair did to positions: the text it wrote runs from `start` to `end` (in the text
/// after it), and columns after `end` on its last line moved right by `shift`.
struct Edit {
    start: LineColumn,
    end: LineColumn,
    shift: usize,
}

impl Edit {
    /// Where `spot`, in the text after this edit, was before it; `None` inside what it wrote.
    fn undo(&self, spot: LineColumn) -> Option<LineColumn> {
        if self.start <= spot && spot < self.end {
            return None;
        }
        if spot.0 == self.end.0 && spot.1 >= self.end.1 {
            return Some((spot.0, spot.1 - self.shift));
        }
        Some(spot)
    }
}

fn original_position(edits: &[Edit], spot: LineColumn) -> Option<LineColumn> {
    edits
        .iter()
        .rev()
        .try_fold(spot, |spot, edit| edit.undo(spot))
}

/// Makes `repair` in `text` (in place: most repairs keep its length) and says what it did
/// to positions. Replacements never remove a line break nor add one (blanking keeps them), so
/// lines stay where they were.
fn apply(text: &mut String, repair: &Repair) -> Edit {
    let range = repair.range.clone();
    let start = line_column_of_byte(text, range.start);
    let removed = text[range.clone()].chars().count();
    text.replace_range(range.clone(), &repair.replacement);
    let end = line_column_of_byte(text, range.start + repair.replacement.len());
    let shift = if repair.replacement.contains('\n') {
        0
    } else {
        repair.replacement.chars().count().saturating_sub(removed)
    };
    Edit { start, end, shift }
}

/// The byte offset of a `ron` position (1-based line, column in characters).
fn byte_of(text: &str, position: Position) -> Option<usize> {
    let wanted = (position.line, position.col);
    let mut spot = (1, 1);
    for (byte, c) in text.char_indices() {
        if spot == wanted {
            return Some(byte);
        }
        spot = if c == '\n' {
            (spot.0 + 1, 1)
        } else {
            (spot.0, spot.1 + 1)
        };
    }
    (spot == wanted).then_some(text.len())
}

/// The path of the struct whose field `path` names: everything before its last field.
fn holding_struct(path: &FieldPath) -> String {
    let segments = path.segments();
    let last_field = segments
        .iter()
        .rposition(|segment| matches!(segment, Segment::Field(_)))
        .unwrap_or(0);
    FieldPath::of(&segments[..last_field]).to_string()
}

/// The structure of the text around one byte.
struct Around {
    /// The innermost `name: value` entry holding the byte.
    entry: Option<FieldEntry>,
    /// The path of the innermost group open at the byte (for a `)`, the one it closes).
    group: String,
    /// Whether the token before the byte was a `,` or an opening bracket.
    after_separator: bool,
}

struct FieldEntry {
    name: String,
    /// From the name to the end of the value and its comma.
    range: Range<usize>,
    /// The path of the struct it is in.
    in_struct: String,
}

/// A group open during the walk: `(`, `[` or `{`.
struct Frame {
    /// The path of the value the group is, as printed (the paths validation uses).
    path: String,
    /// `Some(...)`: its content has the group's own path, as validation sees through options.
    transparent: bool,
    /// Entries ended so far.
    index: usize,
    /// Where the current entry started, and its field name if it is `name: value`.
    entry: Option<(usize, Option<String>)>,
}

impl Frame {
    /// The path of the current entry.
    fn entry_path(&self) -> String {
        match &self.entry {
            _ if self.transparent => self.path.clone(),
            Some((_, Some(name))) if self.path.is_empty() => name.clone(),
            Some((_, Some(name))) => format!("{}.{name}", self.path),
            _ => format!("{}[{}]", self.path, self.index),
        }
    }
}

/// Walks `text` from the start to byte `spot` and on to the end of the entry holding it,
/// without recursion. `None` when the text nests deeper than `ron` would read.
fn around(text: &str, spot: usize) -> Option<Around> {
    let mut cursor = Cursor::new(text);
    cursor.skip_trivia_and_attributes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut found = Around {
        entry: None,
        group: String::new(),
        after_separator: true,
    };
    let mut passed = false;
    let mut after_separator = true;
    let mut after_some = false;
    while !(passed && found.entry.is_some()) {
        cursor.skip_trivia();
        let start = cursor.offset();
        if !passed && start >= spot {
            passed = true;
            found.group = frames.last().map(|f| f.path.clone()).unwrap_or_default();
            found.after_separator = after_separator;
        }
        let token = cursor.next_token();
        let ends_entry = matches!(token, Token::Comma | Token::Close(_));
        if let Some(frame) = frames.last_mut() {
            if ends_entry {
                let end = if token == Token::Comma {
                    cursor.offset()
                } else {
                    start
                };
                if let Some((entry_start, Some(name))) = frame.entry.take()
                    && found.entry.is_none()
                    && (entry_start..end).contains(&spot)
                {
                    found.entry = Some(FieldEntry {
                        name,
                        range: entry_start..end,
                        in_struct: frame.path.clone(),
                    });
                }
                frame.index += 1;
            } else if frame.entry.is_none() && token != Token::End {
                let name = match &token {
                    Token::Ident(name) if cursor.skip_trivia_then_peek() == Some(':') => {
                        cursor.bump();
                        Some(name.clone())
                    }
                    _ => None,
                };
                frame.entry = Some((start, name));
            }
        }
        match token {
            Token::End => break,
            Token::Open(_) => {
                let path = frames.last().map(Frame::entry_path).unwrap_or_default();
                frames.push(Frame {
                    path,
                    transparent: after_some,
                    index: 0,
                    entry: None,
                });
                if frames.len() > MAX_NESTING {
                    return None;
                }
            }
            Token::Close(_) => {
                frames.pop();
            }
            _ => {}
        }
        after_separator = matches!(token, Token::Comma | Token::Open(_));
        after_some = matches!(&token, Token::Ident(name) if name == "Some");
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ScenarioFile(\n    id: \"x\",\n    nodes: [\n        NodeSpec(id: \"a\", \
                        time_limit: Some(TimeLimitSpec(secs: 3))),\n    ],\n)\n";

    #[test]
    fn the_entry_around_a_spot_is_the_innermost_field_with_its_comma() {
        let at = TEXT.find("secs").unwrap();
        let found = around(TEXT, at).unwrap();
        let entry = found.entry.unwrap();
        assert_eq!(entry.name, "secs");
        assert_eq!(&TEXT[entry.range], "secs: 3");
        assert_eq!(entry.in_struct, "nodes[0].time_limit");
        let at = TEXT.find("\"x\"").unwrap();
        let entry = around(TEXT, at).unwrap().entry.unwrap();
        assert_eq!((entry.name.as_str(), entry.in_struct.as_str()), ("id", ""));
        assert_eq!(&TEXT[entry.range], "id: \"x\",");
    }

    #[test]
    fn a_closing_parenthesis_belongs_to_the_struct_it_closes() {
        let at = TEXT.find("))),").unwrap() + 2;
        let found = around(TEXT, at).unwrap();
        assert_eq!(found.group, "nodes[0]");
        assert!(!found.after_separator);
        assert_eq!(found.entry.unwrap().name, "nodes");
        let last = TEXT.rfind(')').unwrap();
        let found = around(TEXT, last).unwrap();
        assert_eq!(found.group, "");
        assert!(found.after_separator);
        assert!(found.entry.is_none());
    }

    #[test]
    fn positions_map_back_through_blanks_and_insertions() {
        let repair = Repair {
            range: 5..5,
            replacement: ", b: 1".into(),
            in_struct: String::new(),
            kind: RepairKind::Placeholder("b"),
        };
        let mut text = "(a: 1)\n(c)".to_owned();
        let edit = apply(&mut text, &repair);
        assert_eq!(text, "(a: 1, b: 1)\n(c)");
        let edits = [edit];
        assert_eq!(original_position(&edits, (1, 2)), Some((1, 2)));
        assert_eq!(original_position(&edits, (1, 8)), None);
        assert_eq!(original_position(&edits, (1, 11)), None);
        assert_eq!(original_position(&edits, (1, 12)), Some((1, 6)));
        assert_eq!(original_position(&edits, (2, 2)), Some((2, 2)));
    }

    #[test]
    fn ron_positions_become_byte_offsets() {
        let text = "é\nab";
        assert_eq!(byte_of(text, Position { line: 1, col: 2 }), Some(2));
        assert_eq!(byte_of(text, Position { line: 2, col: 3 }), Some(5));
        assert_eq!(byte_of(text, Position { line: 3, col: 1 }), None);
    }

    #[test]
    fn garbage_never_panics_and_deep_nesting_is_refused() {
        for text in ["", "(((", ")))", "(a: [1, (b: ", ",,::", "\"open", "(a:1,)"] {
            for spot in 0..=text.len() {
                let _ = around(text, spot);
            }
        }
        assert!(around(&"(".repeat(10_000), 9_999).is_none());
    }

    /// The fields `ron` lists for a struct when it meets one it does not know.
    fn fields_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        name: &str,
    ) -> Vec<&'static str> {
        match ron_options().from_str::<T>(&format!("{name}(no_such_field: 0)")) {
            Err(SpannedError {
                code: Error::NoSuchStructField { expected, .. },
                ..
            }) => expected.to_vec(),
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn the_list_of_field_names_holds_every_field_of_the_format() {
        use crate::scenario::format::*;
        let fields = [
            fields_of::<ScenarioFile>("ScenarioFile"),
            fields_of::<CustomerSpec>("CustomerSpec"),
            fields_of::<NodeSpec>("NodeSpec"),
            fields_of::<ReactionSpec>("ReactionSpec"),
            fields_of::<ResponseSpec>("ResponseSpec"),
            fields_of::<TimeLimitSpec>("TimeLimitSpec"),
            fields_of::<EndingSpec>("EndingSpec"),
            fields_of::<Effect>("Effect"),
            fields_of::<ValueSpec>("ValueSpec"),
        ];
        for field in fields.concat() {
            assert!(FORMAT_FIELDS.contains(&field), "{field} is not listed");
        }
    }

    #[test]
    fn problems_are_held_by_the_struct_before_their_last_field() {
        use Segment::*;
        let path = FieldPath::of(&[
            Field("nodes"),
            Index(2),
            Field("responses"),
            Index(1),
            Field("requires"),
            Index(0),
        ]);
        assert_eq!(holding_struct(&path), "nodes[2].responses[1]");
        assert_eq!(holding_struct(&FieldPath::of(&[Field("start")])), "");
    }
}
