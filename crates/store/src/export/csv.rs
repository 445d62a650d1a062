//! CSV export: one row per session (RFC 4180, UTF-8, comma separated, CRLF line ends, header
//! row), and the reader `rapport import` uses for it; the `csv` crate does the quoting both
//! ways. A spreadsheet must never run a trainee's name as a formula, so cells starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return are written with a leading `'` (and read back
//! without it).
//!
//! The column `scoring_model` came with scoring model 2; a file without it (an export from an
//! earlier Rapport) is read as scored by model 1. The last two came with typed replies:
//! `played` (`chosen` or `typed`) and `typed_replies`, a JSON array with an entry per turn:
//! `null` for a chosen reply, else the words and how they were understood. A file without
//! them holds chosen sessions only.

use super::claimed::{Claimed, ClaimedOutcome, language_of};
use super::{Versions, choice_token, parse_choice};
use rapport_core::calendar::{iso8601, parse_iso8601};
use rapport_core::record::{SessionData, TypedReply};
use rapport_core::scoring::nps_category;
use rapport_core::trainee::Trainee;

/// The header row; `rapport import` expects these columns in this order (or the first 20 of
/// them: see [`LEGACY_COLUMNS`]).
pub const COLUMNS: [&str; 24] = [
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
    "scoring_model",
    "played",
    "typed_replies",
    "language",
];

/// Columns of an export written before the scoring model was recorded: every session in it
/// was scored by model 1.
pub const LEGACY_COLUMNS: usize = 20;

/// Columns of an export written before typed replies: every session in it was chosen.
pub const BEFORE_TYPING_COLUMNS: usize = 21;

/// Columns of an export written before languages: every session in it was in English.
pub const BEFORE_LANGUAGE_COLUMNS: usize = 23;

/// Why the csv crate's writer cannot fail here: it writes to memory, every row has the header's
/// cells, and cells that are all UTF-8 joined by ASCII commas and line ends stay UTF-8.
const WRITING_TO_MEMORY: &str = "CSV rows of the header's length written to memory";

/// The sessions as CSV text.
pub fn write(sessions: &[SessionData], versions: &Versions) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS).expect(WRITING_TO_MEMORY);
    for session in sessions {
        let cells = row(session, versions).map(guard);
        writer.write_record(&cells).expect(WRITING_TO_MEMORY);
    }
    let bytes = writer.into_inner().expect(WRITING_TO_MEMORY);
    String::from_utf8(bytes).expect(WRITING_TO_MEMORY)
}

/// One session's cells, in the order of [`COLUMNS`].
fn row(session: &SessionData, versions: &Versions) -> [String; COLUMNS.len()] {
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
        session.scoring_model.to_string(),
        if session.typed() { "typed" } else { "chosen" }.to_owned(),
        typed_cell(session),
        session.language.clone(),
    ]
}

/// The `typed_replies` cell: empty when nothing was typed.
fn typed_cell(session: &SessionData) -> String {
    if session.turns.iter().all(|turn| turn.typed.is_none()) {
        return String::new();
    }
    let words: Vec<Option<&TypedReply>> = session
        .turns
        .iter()
        .map(|turn| turn.typed.as_ref())
        .collect();
    serde_json::to_string(&words).expect("typed replies are plain JSON")
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

/// The cell as written, with a leading `'` where a spreadsheet would otherwise run it.
fn guard(cell: String) -> String {
    if needs_guard(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The cell as it was before [`guard`].
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// A CSV file that cannot be read, with the line it went wrong on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Reads sessions from a CSV export: what each row claims, to be checked by replay.
pub fn read(text: &str) -> Result<Vec<Claimed>, CsvError> {
    // Spreadsheets save UTF-8 with a byte order mark; the csv crate would keep it in the first
    // header cell.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = LineNumbers::new(text);
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        // A row of the wrong length is refused by `claimed`, in the trainer's words.
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records();
    let header = records
        .next()
        .ok_or_else(|| CsvError {
            line: 1,
            message: "the file is empty".into(),
        })?
        .map_err(|error| lines.error(&error))?;
    let columns = header.len();
    let known = [
        COLUMNS.len(),
        BEFORE_LANGUAGE_COLUMNS,
        BEFORE_TYPING_COLUMNS,
        LEGACY_COLUMNS,
    ]
    .contains(&columns);
    if !(known && header.iter().eq(COLUMNS.iter().copied().take(columns))) {
        return Err(CsvError {
            line: lines.of(&header),
            message: format!(
                "the header is not a Rapport export; expected: {}",
                COLUMNS.join(",")
            ),
        });
    }
    records
        .map(|record| {
            let record = record.map_err(|error| lines.error(&error))?;
            let cells: Vec<&str> = record.iter().map(unguarded).collect();
            claimed(&cells, columns).map_err(|message| CsvError {
                line: lines.of(&record),
                message,
            })
        })
        .collect()
}

/// The line each record starts on, counted in the text. The csv crate's record position is
/// where its reader began looking for the record: before the blank lines it skips and, in a
/// CRLF file, before the `\n` ending the row above, so its line number can fall short.
struct LineNumbers<'a> {
    text: &'a [u8],
    /// The bytes before this one have been counted.
    counted: usize,
    /// The line `counted` is on.
    line: usize,
}

impl<'a> LineNumbers<'a> {
    fn new(text: &'a str) -> Self {
        LineNumbers {
            text: text.as_bytes(),
            counted: 0,
            line: 1,
        }
    }

    /// The line of the first byte from `byte` on that is not a line end. Records are looked
    /// up in file order, so the whole file is counted once.
    fn at(&mut self, byte: u64) -> usize {
        let from = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .clamp(self.counted, self.text.len());
        let start = from
            + self.text[from..]
                .iter()
                .take_while(|byte| matches!(byte, b'\r' | b'\n'))
                .count();
        self.line += self.text[self.counted..start]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        self.counted = start;
        self.line
    }

    fn of(&mut self, record: &csv::StringRecord) -> usize {
        match record.position() {
            Some(position) => self.at(position.byte()),
            None => self.line,
        }
    }

    fn error(&mut self, error: &csv::Error) -> CsvError {
        CsvError {
            line: match error.position() {
                Some(position) => self.at(position.byte()),
                None => self.line,
            },
            message: error.to_string(),
        }
    }
}

/// The session a row of `columns` cells claims.
fn claimed(cells: &[&str], columns: usize) -> Result<Claimed, String> {
    if cells.len() != columns {
        return Err(format!(
            "{} cells where the header has {columns}",
            cells.len(),
        ));
    }
    let cell = |name: &str| -> &str {
        let index = COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        cells.get(index).copied().unwrap_or_default()
    };
    let scoring_model = if columns == LEGACY_COLUMNS {
        1
    } else {
        cell("scoring_model").parse().map_err(|_| {
            format!(
                "scoring_model `{}` is not a whole number",
                cell("scoring_model")
            )
        })?
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
    let typed = match cell("typed_replies") {
        "" => Vec::new(),
        text => serde_json::from_str(text)
            .map_err(|error| format!("typed_replies is not a list of typed replies: {error}"))?,
    };
    let language = if columns < COLUMNS.len() {
        rapport_core::record::english()
    } else {
        language_of(cell("language"))
            .ok_or_else(|| format!("language `{}` is not a language tag", cell("language")))?
    };
    let status = cell("status");
    let outcome = match status {
        "finished" => Some(ClaimedOutcome {
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
        typed,
        outcome,
        scoring_model,
        started_at: time("started_at")?,
        ended_at: time("ended_at")?,
        language,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_csv_is_reported_with_its_line() {
        let error = read("not,a,rapport,export\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.message.contains("header"), "{error}");
        let error = read("").unwrap_err();
        assert!(error.message.contains("empty"));
    }

    use rapport_core::record::{SessionOutcome, TurnData};
    use rapport_core::scenario::model::ContentHash;
    use rapport_core::session::{Choice, SessionRecord};

    const STARTED: i64 = 1_795_443_909;

    /// A session with two choices, the first untimed; finished when `ending` is given.
    fn session(uid: &str, trainee: Trainee, ending: Option<&str>) -> SessionData {
        let choices = vec![Choice::Response(1), Choice::Silence];
        let turn = |choice, millis| TurnData {
            node: "start".into(),
            choice,
            reply: String::new(),
            millis,
            satisfaction: 50,
            trust: 50,
            patience: 50,
            changes: [0; 3],
            skills: Vec::new(),
            pitfalls: Vec::new(),
            typed: None,
        };
        SessionData {
            uid: uid.into(),
            trainee,
            record: SessionRecord {
                scenario_id: "billing".into(),
                content_hash: ContentHash("ab12".into()),
                seed: 7,
                choices: choices.clone(),
            },
            outcome: ending.map(|ending| SessionOutcome {
                ending: ending.into(),
                score: 88,
                csat: 4,
                nps: 9,
                retention: "at risk".into(),
                skills: Vec::new(),
            }),
            scoring_model: rapport_core::scoring::SCORING_MODEL,
            turns: vec![turn(choices[0], None), turn(choices[1], Some(1500))],
            started_at: STARTED,
            ended_at: STARTED + 95,
            language: "es".into(),
        }
    }

    /// What `read` should give for `session`.
    fn claimed_from(session: &SessionData) -> Claimed {
        Claimed {
            uid: session.uid.clone(),
            trainee: session.trainee.clone(),
            scenario_id: session.record.scenario_id.clone(),
            content_hash: session.record.content_hash.0.clone(),
            seed: session.record.seed,
            choices: session.record.choices.clone(),
            millis: session.turns.iter().map(|turn| turn.millis).collect(),
            typed: if session.turns.iter().any(|turn| turn.typed.is_some()) {
                session
                    .turns
                    .iter()
                    .map(|turn| turn.typed.clone())
                    .collect()
            } else {
                Vec::new()
            },
            outcome: session.outcome.as_ref().map(|outcome| ClaimedOutcome {
                ending: outcome.ending.clone(),
                score: outcome.score,
                csat: outcome.csat,
                nps: outcome.nps,
                retention: outcome.retention.clone(),
            }),
            scoring_model: session.scoring_model,
            started_at: session.started_at,
            language: session.language.clone(),
            ended_at: session.ended_at,
        }
    }

    const FIRST: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const SECOND: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    /// A finished session with a name full of CSV's special characters, and an abandoned one.
    fn awkward_sessions() -> Vec<SessionData> {
        vec![
            session(
                FIRST,
                Trainee::new("Dana \"DJ\" O'Neil, Jr.", "Blue\nTeam"),
                Some("refund"),
            ),
            session(SECOND, Trainee::new("Ali", ""), None),
        ]
    }

    /// The export of `awkward_sessions`: spreadsheets and scripts built on it keep working
    /// (the columns before `scoring_model` are the ones exports have always had, in order).
    const AWKWARD_EXPORT: &str = concat!(
        "session_id,trainee,team,scenario_id,scenario_title,scenario_hash,seed,status,ending,",
        "score,csat,nps,nps_category,retention,started_at,ended_at,duration_seconds,turns,",
        "choices,choice_millis,scoring_model,played,typed_replies,language\r\n",
        "0f8fad5b-d9cb-469f-a165-70867728950e,\"Dana \"\"DJ\"\" O'Neil, Jr.\",\"Blue\nTeam\",",
        "billing,,ab12,7,finished,refund,88,4,9,promoter,at risk,2026-11-23T14:25:09Z,",
        "2026-11-23T14:26:44Z,95,2,1 silence,'- 1500,2,chosen,,es\r\n",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7,Ali,,billing,,ab12,7,abandoned,,,,,,,",
        "2026-11-23T14:25:09Z,2026-11-23T14:26:44Z,95,2,1 silence,'- 1500,2,chosen,,es\r\n",
    );

    #[test]
    fn typed_words_read_back_and_a_file_from_before_typing_still_reads() {
        let mut sessions = awkward_sessions();
        sessions[0].turns[0].typed = Some(TypedReply {
            text: "=so sorry, \"what\" happened?\nline two".into(),
            understood: rapport_core::record::Understanding::Picked,
            confidence: 431,
            matcher: "lexical".into(),
            findings: Vec::new(),
        });
        let written = write(&sessions, &Versions::default());
        assert!(written.contains(",typed,\"[{"), "{written}");
        let read_back = read(&written).unwrap();
        assert_eq!(read_back[0], claimed_from(&sessions[0]));
        assert_eq!(read_back[0].typed.len(), 2);
        assert_eq!(read_back[1].typed, Vec::new());
        // 21 columns: an export from before typed replies.
        let before: String = AWKWARD_EXPORT
            .replace(",played,typed_replies,language", "")
            .replace(",2,chosen,,es\r\n", ",2\r\n");
        let claimed = read(&before).unwrap();
        assert_eq!(claimed.len(), 2);
        assert!(claimed.iter().all(|session| session.typed.is_empty()));
        assert!(claimed.iter().all(|session| session.language == "en"));
    }

    /// The same sessions as an export written before scoring model 2: existing exports must
    /// keep importing, as sessions scored by model 1.
    const MODEL_1_EXPORT: &str = concat!(
        "session_id,trainee,team,scenario_id,scenario_title,scenario_hash,seed,status,ending,",
        "score,csat,nps,nps_category,retention,started_at,ended_at,duration_seconds,turns,",
        "choices,choice_millis\r\n",
        "0f8fad5b-d9cb-469f-a165-70867728950e,\"Dana \"\"DJ\"\" O'Neil, Jr.\",\"Blue\nTeam\",",
        "billing,,ab12,7,finished,refund,88,4,9,promoter,at risk,2026-11-23T14:25:09Z,",
        "2026-11-23T14:26:44Z,95,2,1 silence,'- 1500\r\n",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7,Ali,,billing,,ab12,7,abandoned,,,,,,,",
        "2026-11-23T14:25:09Z,2026-11-23T14:26:44Z,95,2,1 silence,'- 1500\r\n",
    );

    #[test]
    fn the_export_keeps_the_columns_users_already_have_and_adds_the_model() {
        let written = write(&awkward_sessions(), &Versions::default());
        assert_eq!(written, AWKWARD_EXPORT);
    }

    #[test]
    fn an_export_from_before_scoring_models_reads_as_model_1() {
        let expected: Vec<Claimed> = awkward_sessions()
            .iter()
            .map(|session| Claimed {
                scoring_model: 1,
                language: "en".into(),
                ..claimed_from(session)
            })
            .collect();
        assert_eq!(read(MODEL_1_EXPORT).unwrap(), expected);
        // The same file with a CR LF or LF ending, and a header one column short of either
        // layout, are told apart by the header alone.
        assert_eq!(
            read(&MODEL_1_EXPORT.replace("\r\n", "\n")).unwrap(),
            expected
        );
        let short = MODEL_1_EXPORT.replacen(",choice_millis", "", 1);
        assert!(read(&short).unwrap_err().message.contains("header"));
    }

    /// The language column came last: a file without it was played in English, and a cell
    /// that is no language tag is refused with its reason.
    #[test]
    fn the_language_reads_back_and_a_file_from_before_languages_is_english() {
        let before = AWKWARD_EXPORT
            .replace(",typed_replies,language", ",typed_replies")
            .replace(",chosen,,es\r\n", ",chosen,\r\n");
        let claimed = read(&before).unwrap();
        assert!(claimed.iter().all(|session| session.language == "en"));
        assert_eq!(read(AWKWARD_EXPORT).unwrap()[0].language, "es");
        let regional = AWKWARD_EXPORT.replacen(",chosen,,es\r\n", ",chosen,,es-MX\r\n", 1);
        assert_eq!(read(&regional).unwrap()[0].language, "es");
        let bad = AWKWARD_EXPORT.replacen(",chosen,,es\r\n", ",chosen,,<b>\r\n", 1);
        let error = read(&bad).unwrap_err();
        assert!(
            error.message.contains("language `<b>`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn quoted_commas_quotes_and_line_breaks_read_back() {
        let sessions = awkward_sessions();
        let expected: Vec<Claimed> = sessions.iter().map(claimed_from).collect();
        assert_eq!(read(AWKWARD_EXPORT).unwrap(), expected);
    }

    #[test]
    fn crlf_lf_and_byte_order_mark_files_read_the_same() {
        let expected = read(AWKWARD_EXPORT).unwrap();
        let lf = AWKWARD_EXPORT.replace("\r\n", "\n");
        assert!(!lf.contains('\r'));
        for text in [
            lf.clone(),
            format!("\u{feff}{AWKWARD_EXPORT}"),
            format!("\u{feff}{lf}"),
            // No line end after the last row, and blank lines between rows.
            lf.trim_end().replace(
                ",95,2,1 silence,'- 1500,2\n",
                ",95,2,1 silence,'- 1500,2\n\n",
            ),
        ] {
            assert_eq!(read(&text).unwrap(), expected, "{text:?}");
        }
    }

    /// `text` with the last row one cell short.
    fn ragged(text: &str) -> String {
        let end = text.trim_end().rfind(',').unwrap();
        format!("{}\r\n", &text[..end])
    }

    #[test]
    fn a_row_with_the_wrong_number_of_cells_is_refused_with_its_line() {
        // The team's line break puts the second row on line 4.
        let expected = CsvError {
            line: 4,
            message: "23 cells where the header has 24".into(),
        };
        assert_eq!(read(&ragged(AWKWARD_EXPORT)).unwrap_err(), expected);
        let lf = ragged(AWKWARD_EXPORT).replace("\r\n", "\n");
        assert_eq!(read(&lf).unwrap_err(), expected);
        let spaced = ragged(AWKWARD_EXPORT)
            .replace(",2,chosen,,es\r\n7c9e", ",2,chosen,,es\r\n\r\n\r\n7c9e");
        assert_eq!(read(&spaced).unwrap_err().line, 6);
        let with_bom = format!("\u{feff}{}", ragged(AWKWARD_EXPORT));
        assert_eq!(read(&with_bom).unwrap_err(), expected);
    }

    #[test]
    fn a_quote_never_closed_is_refused_on_the_row_it_opens() {
        // The rest of the file becomes one cell, so the row is short of cells.
        let text = AWKWARD_EXPORT.replace(",Ali,", ",\"Ali,");
        let expected = CsvError {
            line: 4,
            message: "2 cells where the header has 24".into(),
        };
        assert_eq!(read(&text).unwrap_err(), expected);
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_guarded_and_read_back_unguarded() {
        for (name, written) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rReturn", "\"'\rReturn\""),
            // Already guarded by hand: the guard is doubled so the name survives as it is.
            ("'=quoted", "''=quoted"),
            // A leading quote on anything else is a name like any other.
            ("'Neil", "'Neil"),
        ] {
            let sessions = [session(FIRST, Trainee::new(name, name), None)];
            let text = write(&sessions, &Versions::default());
            let row = text.split_once("\r\n").unwrap().1;
            assert!(
                row.starts_with(&format!("{FIRST},{written},{written},")),
                "{name:?} is written {row:?}"
            );
            assert_eq!(
                read(&text).unwrap(),
                [claimed_from(&sessions[0])],
                "{name:?}"
            );
        }
    }

    #[test]
    fn a_guarded_cell_written_by_another_tool_reads_unguarded() {
        let text = AWKWARD_EXPORT.replace(",Ali,", ",'=Ali,");
        let claimed = read(&text).unwrap();
        assert_eq!(claimed[1].trainee.name, "=Ali");
    }
}
