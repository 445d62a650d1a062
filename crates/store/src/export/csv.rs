//! CSV export: one row per session (RFC 4180, UTF-8, comma separated, header row), and the
//! reader `rapport import` uses for it. Written by hand: it is a dozen lines each way, and a
//! spreadsheet must never run a trainee's name as a formula, so cells starting with `=`, `+`,
//! `-`, `@` are written with a leading `'` (and read back without it).

use super::{Versions, choice_token, parse_choice};
use rapport_core::calendar::{iso8601, parse_iso8601};
use rapport_core::record::SessionData;
use rapport_core::scoring::nps_category;

use super::claimed::Claimed;
use rapport_core::trainee::Trainee;

/// The header row; `rapport import` expects these columns in this order.
pub const COLUMNS: [&str; 20] = [
    "session_id",
    "trainee",
    "team",
    "scenario_id",
    "scenario_title",
    "scenario_hash",
    "seed",
    "status",
    "ending",
    "score",
    "csat",
    "nps",
    "nps_category",
    "retention",
    "started_at",
    "ended_at",
    "duration_seconds",
    "turns",
    "choices",
    "choice_millis",
];

/// The sessions as CSV text.
pub fn write(sessions: &[SessionData], versions: &Versions) -> String {
    let mut out = String::new();
    push_row(&mut out, COLUMNS.iter().map(|column| column.to_string()));
    for session in sessions {
        let outcome = session.outcome.as_ref();
        let number = |value: Option<u8>| value.map(|v| v.to_string()).unwrap_or_default();
        let choices: Vec<String> = session
            .record
            .choices
            .iter()
            .map(|choice| choice_token(*choice))
            .collect();
        let millis: Vec<String> = session
            .turns
            .iter()
            .map(|turn| {
                turn.millis
                    .map_or_else(|| "-".to_owned(), |m| m.to_string())
            })
            .collect();
        push_row(
            &mut out,
            [
                session.uid.clone(),
                session.trainee.name.clone(),
                session.trainee.team.clone(),
                session.record.scenario_id.clone(),
                versions
                    .title(&session.record.scenario_id)
                    .unwrap_or_default()
                    .to_owned(),
                session.record.content_hash.0.clone(),
                session.record.seed.to_string(),
                session.status().to_owned(),
                outcome.map(|o| o.ending.clone()).unwrap_or_default(),
                number(outcome.map(|o| o.score)),
                number(outcome.map(|o| o.csat)),
                number(outcome.map(|o| o.nps)),
                outcome
                    .map(|o| nps_category(o.nps).label().to_owned())
                    .unwrap_or_default(),
                outcome.map(|o| o.retention.clone()).unwrap_or_default(),
                iso8601(session.started_at),
                iso8601(session.ended_at),
                (session.ended_at - session.started_at).max(0).to_string(),
                session.record.choices.len().to_string(),
                choices.join(" "),
                millis.join(" "),
            ]
            .into_iter(),
        );
    }
    out
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (index, cell) in cells.enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_cell(out, &cell);
    }
    out.push_str("\r\n");
}

/// Whether a spreadsheet would read the cell as a formula (or it starts with the `'` that
/// marks such a cell, which must survive the round trip).
fn needs_guard(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => true,
        Some('\'') => matches!(
            chars.next(),
            Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
        ),
        _ => false,
    }
}

fn push_cell(out: &mut String, cell: &str) {
    let guarded;
    let cell = if needs_guard(cell) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// A CSV file that cannot be read, with the line it went wrong on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Splits CSV text into rows of cells, each with the line it starts on.
fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .chars()
        .peekable();
    let mut quoted = false;
    let mut cell_was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    cell.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !cell_was_quoted => {
                quoted = true;
                cell_was_quoted = true;
            }
            ',' => {
                row.push(unguard(std::mem::take(&mut cell)));
                cell_was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(unguard(std::mem::take(&mut cell)));
                cell_was_quoted = false;
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            '"' => {
                return Err(CsvError {
                    line,
                    message: "a quote inside an unquoted cell".into(),
                });
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: row_line,
            message: "a quoted cell is never closed".into(),
        });
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(unguard(cell));
        rows.push((row_line, row));
    }
    Ok(rows)
}

fn unguard(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest.to_owned(),
        _ => cell,
    }
}

/// Reads sessions from a CSV export: what each row claims, to be checked by replay.
pub fn read(text: &str) -> Result<Vec<Claimed>, CsvError> {
    let rows = rows(text)?;
    let Some((_, header)) = rows.first() else {
        return Err(CsvError {
            line: 1,
            message: "the file is empty".into(),
        });
    };
    if header
        .iter()
        .map(String::as_str)
        .ne(COLUMNS.iter().copied())
    {
        return Err(CsvError {
            line: 1,
            message: format!(
                "the header is not a Rapport export; expected: {}",
                COLUMNS.join(",")
            ),
        });
    }
    rows[1..]
        .iter()
        .filter(|(_, cells)| !(cells.len() == 1 && cells[0].is_empty()))
        .map(|(line, cells)| {
            claimed(cells).map_err(|message| CsvError {
                line: *line,
                message,
            })
        })
        .collect()
}

fn claimed(cells: &[String]) -> Result<Claimed, String> {
    if cells.len() != COLUMNS.len() {
        return Err(format!(
            "{} cells where the header has {}",
            cells.len(),
            COLUMNS.len()
        ));
    }
    let cell = |name: &str| -> &str {
        let index = COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        cells[index].as_str()
    };
    let number = |name: &str| -> Result<Option<u8>, String> {
        match cell(name) {
            "" => Ok(None),
            text => text
                .parse()
                .map(Some)
                .map_err(|_| format!("{name} `{text}` is not a number from 0 to 255")),
        }
    };
    let time = |name: &str| -> Result<i64, String> {
        parse_iso8601(cell(name)).ok_or_else(|| {
            format!(
                "{name} `{}` is not a time like 2026-11-23T14:05:09Z",
                cell(name)
            )
        })
    };
    let choices = cell("choices")
        .split_whitespace()
        .map(|token| parse_choice(token).ok_or_else(|| format!("`{token}` is not a choice")))
        .collect::<Result<Vec<_>, _>>()?;
    let millis = cell("choice_millis")
        .split_whitespace()
        .map(|token| match token {
            "-" => Ok(None),
            number => number
                .parse()
                .map(Some)
                .map_err(|_| format!("`{number}` is not a number of milliseconds")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let status = cell("status");
    let outcome = match status {
        "finished" => Some(super::claimed::ClaimedOutcome {
            ending: cell("ending").to_owned(),
            score: number("score")?.ok_or("a finished session has no score")?,
            csat: number("csat")?.ok_or("a finished session has no csat")?,
            nps: number("nps")?.ok_or("a finished session has no nps")?,
            retention: cell("retention").to_owned(),
        }),
        "abandoned" => None,
        other => {
            return Err(format!(
                "status `{other}` is neither finished nor abandoned"
            ));
        }
    };
    Ok(Claimed {
        uid: cell("session_id").to_owned(),
        trainee: Trainee::new(cell("trainee"), cell("team")),
        scenario_id: cell("scenario_id").to_owned(),
        content_hash: cell("scenario_hash").to_owned(),
        seed: cell("seed")
            .parse()
            .map_err(|_| format!("seed `{}` is not a whole number", cell("seed")))?,
        choices,
        millis,
        outcome,
        started_at: time("started_at")?,
        ended_at: time("ended_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_and_formula_guards_survive_a_round_trip() {
        let awkward = [
            "plain",
            "comma, inside",
            "a \"quote\"",
            "two\nlines",
            "=HYPERLINK(\"http://x\")",
            "-5",
            "'=already guarded",
            "'quoted name",
            "",
        ];
        let mut text = String::new();
        push_row(&mut text, awkward.iter().map(|cell| cell.to_string()));
        assert!(text.contains("'=HYPERLINK"), "{text}");
        let read = rows(&text).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].1, awkward);
    }

    #[test]
    fn broken_csv_is_reported_with_its_line() {
        let error = rows("a,b\n\"never closed,c\n").unwrap_err();
        assert_eq!(error.line, 2);
        let error = read("not,a,rapport,export\n").unwrap_err();
        assert!(error.message.contains("header"), "{error}");
        let error = read("").unwrap_err();
        assert!(error.message.contains("empty"));
    }
}
