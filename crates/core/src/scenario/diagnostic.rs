//! Trainer-facing problems: where they are (file, line, column, node) and how they print.
//!
//! Rendering follows a compiler's layout: a `file:line:col` header and the source line with a
//! caret under the spot, drawn by `ariadne`.

use std::fmt;

use serde::Serialize;

/// Whether a problem stops the scenario from being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; the scenario still loads.
    Warning,
    /// The scenario cannot be played until it is fixed.
    Error,
}

/// One located problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the trainer named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (as editors and `ron` count them).
    pub column: usize,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
    /// The node the problem is in, for semantic problems.
    pub node: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Short text shown under the caret.
    pub label: String,
    /// How to fix it, when there is more to say than the message.
    pub help: Option<String>,
}

/// Source lines longer than this are not echoed: a 20 MB line helps nobody.
const MAX_ECHOED_LINE_CHARS: usize = 400;

impl Diagnostic {
    /// Whether this problem stops the scenario from loading.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as a compiler would print it, with the source line and a caret.
    /// `source` is the file's text; `color` adds ANSI colours for terminals. To print many
    /// problems of one file, prepare it once with [`ShownSource::of`] and use
    /// [`Diagnostic::render_in`].
    pub fn render(&self, source: &str, color: bool) -> String {
        self.render_in(&ShownSource::of(source), color)
    }

    /// [`Diagnostic::render`] against a file prepared once for all its problems: preparing a
    /// 2 MB file for each of a hundred problems took seconds.
    pub fn render_in(&self, shown: &ShownSource, color: bool) -> String {
        let Some((line_start, line_chars)) = shown.line_bounds(self.line) else {
            return format!("{self}\n");
        };
        if line_chars > MAX_ECHOED_LINE_CHARS {
            return format!("{self}\n");
        }
        let column = self.column.clamp(1, line_chars + 1) - 1;
        let start = line_start + column;
        let end = (start + self.width.max(1)).min(line_start + line_chars.max(column + 1));
        let kind = match self.severity {
            Severity::Error => ariadne::ReportKind::Error,
            Severity::Warning => ariadne::ReportKind::Warning,
        };
        let config = ariadne::Config::default()
            .with_color(color)
            .with_char_set(ariadne::CharSet::Ascii)
            .with_index_type(ariadne::IndexType::Char);
        let mut report = ariadne::Report::build(kind, (self.file.as_str(), start..end))
            .with_config(config)
            .with_message(self.headline())
            .with_label(
                ariadne::Label::new((self.file.as_str(), start..end)).with_message(&self.label),
            );
        if let Some(help) = &self.help {
            report = report.with_help(help);
        }
        let mut out = Vec::new();
        let cache = (self.file.as_str(), &shown.source);
        if report.finish().write(cache, &mut out).is_err() {
            return format!("{self}\n");
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The message with the node it concerns.
    fn headline(&self) -> String {
        match &self.node {
            Some(node) => format!("{} (node `{node}`)", self.message),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error: message (node `id`)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.file,
            self.line,
            self.column,
            self.headline()
        )
    }
}

/// A file's text made ready for printing its problems: control characters replaced, and its
/// lines indexed once.
pub struct ShownSource {
    source: ariadne::Source<String>,
    /// Per line: the character offset where it starts and its length in characters (without
    /// a `\r` before the `\n`).
    lines: Vec<(usize, usize)>,
}

impl ShownSource {
    pub fn of(text: &str) -> Self {
        // Control characters in binary garbage would upset the terminal; replacing them one
        // for one keeps every character offset valid.
        let shown: String = text
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        let mut lines = Vec::new();
        let mut offset = 0;
        for line in text.split('\n') {
            let chars = line.chars().count();
            let shown_chars = if line.ends_with('\r') {
                chars - 1
            } else {
                chars
            };
            lines.push((offset, shown_chars));
            offset += chars + 1;
        }
        ShownSource {
            source: ariadne::Source::from(shown),
            lines,
        }
    }

    /// Character offset where 1-based `line` starts, and its length in characters.
    fn line_bounds(&self, line: usize) -> Option<(usize, usize)> {
        self.lines.get(line.checked_sub(1)?).copied()
    }
}

/// 1-based line and column (in characters) of a byte offset into `source`.
pub fn line_column_of_byte(source: &str, byte: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (index, c) in source.char_indices() {
        if index >= byte {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(line: usize, column: usize) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: "demo.ron".into(),
            line,
            column,
            width: 5,
            node: Some("greeting".into()),
            message: "`next` names no node or ending: `nowhere`".into(),
            label: "no node has this id".into(),
            help: None,
        }
    }

    #[test]
    fn one_line_form_names_file_line_column_and_node() {
        assert_eq!(
            sample(3, 9).to_string(),
            "demo.ron:3:9: error: `next` names no node or ending: `nowhere` (node `greeting`)"
        );
    }

    #[test]
    fn rendering_shows_the_source_line_and_a_caret_under_the_spot() {
        let source = "(\n  a: 1,\n  next: \"nowhere\",\n)\n";
        let text = sample(3, 9).render(source, false);
        assert!(text.contains("demo.ron:3:9"), "{text}");
        assert!(text.contains("next: \"nowhere\""), "{text}");
        let source_line = text
            .lines()
            .position(|l| l.contains("next: \"nowhere\""))
            .unwrap();
        let caret_line = text.lines().nth(source_line + 1).unwrap();
        let source_col = text
            .lines()
            .nth(source_line)
            .unwrap()
            .find("\"nowhere")
            .unwrap();
        assert_eq!(caret_line.find('^'), Some(source_col), "{text}");
    }

    #[test]
    fn a_file_prepared_once_prints_each_problem_on_its_own_line_with_its_number() {
        // CRLF endings and a control character: offsets must stay right on every line.
        let source = "(\r\n  a: 1,\r\n  b: \u{7}\"x\",\r\n  next: \"nowhere\",\r\n)\r\n";
        let shown = ShownSource::of(source);
        for (line, column, expected) in [
            (3, 6, " 3 |   b: \u{FFFD}\"x\","),
            (4, 9, " 4 |   next: \"nowhere\","),
        ] {
            let text = sample(line, column).render_in(&shown, false);
            assert!(text.contains(expected), "{text}");
            assert!(!text.contains('\r'), "{text}");
            assert_eq!(text, sample(line, column).render(source, false));
        }
    }

    #[test]
    fn rendering_never_fails_on_empty_or_out_of_range_positions() {
        assert!(sample(1, 1).render("", false).contains("demo.ron:1:1"));
        assert!(
            sample(99, 300)
                .render("x\n", false)
                .contains("demo.ron:99:300")
        );
    }

    #[test]
    fn byte_offsets_become_character_columns() {
        assert_eq!(line_column_of_byte("é1\nab", 2), (1, 2));
        assert_eq!(line_column_of_byte("é1\nab", 5), (2, 2));
    }
}
