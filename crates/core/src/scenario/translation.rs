//! A scenario in another language: a Fluent file beside the scenario
//! (`billing-error-callback.es.ftl` beside `billing-error-callback.ron`) whose messages are keyed
//! by node and reply ids. The translation changes only what is shown: the scenario's content
//! hash, its choices and its scoring stay the original's, so a session played in Spanish replays
//! and ranks exactly as one played in English.
//!
//! Keys (`docs/translations.md`):
//! - `title`, `summary`, `customer-situation`
//! - per node `N`: `N-speaker`, `N-direction`, `N-says-K`, `N-reaction-K`, `N-reply-K`,
//!   `N-reply-K-coaching`, `N-reply-K-takeaway`, `N-silence-story`, `N-silence-coaching`,
//!   `N-silence-takeaway` (K from 1, in file order; only for the fields the node has)
//! - per ending `E`: `ending-E`
//!
//! A key the scenario does not have is reported; a key missing is reported and shown in the
//! original language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity, line_column_of_byte};
use super::model::Scenario;

/// Largest translation file read, in bytes (the longest shipped scenario is 40 KB).
pub const MAX_TRANSLATION_BYTES: usize = 4 * 1024 * 1024;
/// Missing keys listed one by one; more are summed up in one warning.
const MISSING_LISTED: usize = 20;

/// The messages of one translation file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translation {
    /// The language tag from the file name (`es` in `x.es.ftl`).
    pub language: String,
    /// Text by key.
    pub messages: BTreeMap<String, String>,
    /// Where each key is defined: 1-based line, for diagnostics.
    lines: BTreeMap<String, usize>,
}

/// A translation file read and checked against its scenario.
#[derive(Debug)]
pub struct TranslationReport {
    pub file: String,
    /// The file's text, for rendering diagnostics.
    pub source: String,
    pub translation: Option<Translation>,
    pub diagnostics: Vec<Diagnostic>,
    /// Keys the scenario has that the file does not (shown in the original).
    pub missing: Vec<String>,
    /// Keys the file has that name nothing in the scenario.
    pub unknown: Vec<String>,
}

impl TranslationReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Every diagnostic rendered like a compiler's.
    pub fn render(&self, color: bool) -> String {
        let shown = super::diagnostic::ShownSource::of(&self.source);
        self.diagnostics
            .iter()
            .map(|d| d.render_in(&shown, color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The translation of `scenario_path` into `language`: `<stem>.<language>.ftl` beside it.
pub fn translation_path(scenario_path: &Path, language: &str) -> PathBuf {
    let stem = scenario_path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    scenario_path.with_file_name(format!("{stem}.{language}.ftl"))
}

/// Every translation beside `scenario_path`, with its language, sorted by language.
pub fn translations_beside(scenario_path: &Path) -> Vec<(String, PathBuf)> {
    let Some(stem) = scenario_path.file_stem().map(|s| s.to_string_lossy()) else {
        return Vec::new();
    };
    let folder = scenario_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let prefix = format!("{stem}.");
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let language = name.strip_prefix(&prefix)?.strip_suffix(".ftl")?;
            let plausible = !language.is_empty()
                && language.len() <= 16
                && language
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-');
            plausible.then(|| (language.to_owned(), scenario_path.with_file_name(&name)))
        })
        .collect();
    found.sort();
    found
}

/// Visits every translatable text of `scenario` in file order, with its key and the node it
/// belongs to (`None` for the title, summary, situation and endings). The one place that knows
/// the keys: listing, applying and templating all walk through here.
fn walk(scenario: &mut Scenario, visit: &mut dyn FnMut(String, Option<&str>, &mut String)) {
    visit("title".into(), None, &mut scenario.meta.title);
    visit("summary".into(), None, &mut scenario.meta.summary);
    visit(
        "customer-situation".into(),
        None,
        &mut scenario.customer.situation,
    );
    for node in &mut scenario.nodes {
        let id = node.id.clone();
        let mut at = |key: String, text: &mut String| visit(key, Some(&id), text);
        if let Some(speaker) = &mut node.speaker {
            at(format!("{id}-speaker"), speaker);
        }
        if let Some(direction) = &mut node.direction {
            at(format!("{id}-direction"), direction);
        }
        for (k, line) in node.says.iter_mut().enumerate() {
            at(format!("{id}-says-{}", k + 1), line);
        }
        for (k, reaction) in node.reactions.iter_mut().enumerate() {
            at(format!("{id}-reaction-{}", k + 1), &mut reaction.says);
        }
        for (k, response) in node.responses.iter_mut().enumerate() {
            let k = k + 1;
            at(format!("{id}-reply-{k}"), &mut response.text);
            at(format!("{id}-reply-{k}-coaching"), &mut response.coaching);
            if let Some(takeaway) = &mut response.takeaway {
                at(format!("{id}-reply-{k}-takeaway"), takeaway);
            }
        }
        if let Some(silence) = &mut node.silence {
            if let Some(story) = &mut silence.story_time {
                at(format!("{id}-silence-story"), story);
            }
            at(format!("{id}-silence-coaching"), &mut silence.coaching);
            if let Some(takeaway) = &mut silence.takeaway {
                at(format!("{id}-silence-takeaway"), takeaway);
            }
        }
    }
    for ending in &mut scenario.endings {
        visit(format!("ending-{}", ending.id), None, &mut ending.text);
    }
}

/// Every key of `scenario` with the node it belongs to and its text, in file order.
fn texts(scenario: &Scenario) -> Vec<(String, Option<String>, String)> {
    let mut found = Vec::new();
    walk(&mut scenario.clone(), &mut |key, node, text| {
        found.push((key, node.map(str::to_owned), std::mem::take(text)));
    });
    found
}

/// Every key `scenario` can be translated by, in file order, with the node it belongs to.
pub fn keys(scenario: &Scenario) -> Vec<(String, Option<String>)> {
    texts(scenario)
        .into_iter()
        .map(|(key, node, _)| (key, node))
        .collect()
}

impl Translation {
    /// Reads a Fluent file's messages. Syntax errors are located errors; a message whose
    /// value uses variables or other messages is a warning (scenario text is plain) and keeps
    /// its plain parts.
    pub fn parse(file: &str, language: &str, text: &str) -> (Option<Translation>, Vec<Diagnostic>) {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
        let mut diagnostics = Vec::new();
        let resource = match fluent_syntax::parser::parse(text) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                for error in errors {
                    let (line, column) = line_column_of_byte(text, error.pos.start);
                    diagnostics.push(located(
                        Severity::Error,
                        file,
                        line,
                        column,
                        format!("not a Fluent message: {}", error.kind),
                        "here",
                        Some("each message is `key = text` on a line of its own".into()),
                    ));
                }
                resource
            }
        };
        let key_lines = key_lines(text);
        let mut translation = Translation {
            language: language.to_owned(),
            ..Translation::default()
        };
        for entry in resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            let key = message.id.name.to_owned();
            let line = key_lines.get(&key).copied().unwrap_or(1);
            if translation.messages.contains_key(&key) {
                diagnostics.push(located(
                    Severity::Warning,
                    file,
                    line,
                    1,
                    format!("`{key}` is translated twice; the first is used"),
                    "again here",
                    None,
                ));
                continue;
            }
            let Some(pattern) = message.value else {
                continue;
            };
            let mut value = String::new();
            let mut plain = true;
            for element in pattern.elements {
                match element {
                    PatternElement::TextElement { value: text } => value.push_str(text),
                    PatternElement::Placeable {
                        expression:
                            Expression::Inline(InlineExpression::StringLiteral { value: literal }),
                    } => value.push_str(&unescape(literal)),
                    PatternElement::Placeable { .. } => plain = false,
                }
            }
            if !plain {
                diagnostics.push(located(
                    Severity::Warning,
                    file,
                    line,
                    1,
                    format!("`{key}` uses a variable or another message: scenario text is plain"),
                    "left out",
                    Some("write `{\"{\"}` for a literal brace".into()),
                ));
            }
            translation.lines.insert(key.clone(), line);
            translation.messages.insert(key, value);
        }
        let parsed = !diagnostics.iter().any(Diagnostic::is_error);
        (parsed.then_some(translation), diagnostics)
    }

    /// The text of `key`, when translated.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    /// The scenario with every translated text in place; what is not translated stays as it
    /// was. Ids, choices, effects and the content hash are untouched.
    pub fn apply(&self, scenario: &Scenario) -> Scenario {
        let mut translated = scenario.clone();
        walk(&mut translated, &mut |key, _, text| {
            if let Some(translation) = self.get(&key) {
                translation.clone_into(text);
            }
        });
        translated
    }
}

/// Reads the translation at `path` and checks it against `scenario`: syntax errors, keys the
/// scenario does not have, keys it has that the file leaves out.
pub fn check_file(path: &Path, language: &str, scenario: &Scenario) -> TranslationReport {
    let file = path.display().to_string();
    let text = match read_limited(path) {
        Ok(text) => text,
        Err(message) => {
            return TranslationReport {
                diagnostics: vec![located(
                    Severity::Error,
                    &file,
                    1,
                    1,
                    message,
                    "this file",
                    None,
                )],
                file,
                source: String::new(),
                translation: None,
                missing: Vec::new(),
                unknown: Vec::new(),
            };
        }
    };
    check_text(&file, language, &text, scenario)
}

/// [`check_file`] on text already read.
pub fn check_text(
    file: &str,
    language: &str,
    text: &str,
    scenario: &Scenario,
) -> TranslationReport {
    let (translation, mut diagnostics) = Translation::parse(file, language, text);
    let expected = keys(scenario);
    let mut missing = Vec::new();
    let mut unknown = Vec::new();
    if let Some(translation) = &translation {
        let known: std::collections::BTreeSet<&str> =
            expected.iter().map(|(key, _)| key.as_str()).collect();
        for (key, line) in &translation.lines {
            if !known.contains(key.as_str()) {
                unknown.push(key.clone());
                diagnostics.push(located(
                    Severity::Warning,
                    file,
                    *line,
                    1,
                    format!("`{key}` names nothing in the scenario"),
                    "unknown key",
                    Some(unknown_help(key, scenario)),
                ));
            }
        }
        for (key, node) in &expected {
            if !translation.messages.contains_key(key) {
                missing.push(key.clone());
                if missing.len() <= MISSING_LISTED {
                    let mut diagnostic = located(
                        Severity::Warning,
                        file,
                        1,
                        1,
                        format!("`{key}` is not translated: shown in the original"),
                        "missing key",
                        None,
                    );
                    diagnostic.node = node.clone();
                    diagnostics.push(diagnostic);
                }
            }
        }
        if missing.len() > MISSING_LISTED {
            diagnostics.push(located(
                Severity::Warning,
                file,
                1,
                1,
                format!(
                    "{} more keys are not translated (of {} in all)",
                    missing.len() - MISSING_LISTED,
                    expected.len()
                ),
                "missing keys",
                Some("`rapport translate SCENARIO --to LANG` writes every key to fill in".into()),
            ));
        }
    }
    TranslationReport {
        file: file.to_owned(),
        source: text.to_owned(),
        translation,
        diagnostics,
        missing,
        unknown,
    }
}

/// A Fluent file to fill in: every key of `scenario` with its original text, one per line.
pub fn template(scenario: &Scenario, source_file: &str, language: &str) -> String {
    let mut out = format!(
        "# {language} translation of {source_file}: replace each text (keys: docs/translations.md)\n"
    );
    let mut node = None;
    for (key, key_node, original) in texts(scenario) {
        if key_node != node {
            if let Some(id) = &key_node {
                out.push_str(&format!("\n## node {id}\n"));
            } else {
                out.push('\n');
            }
            node = key_node;
        }
        out.push_str(&format!("{key} = {}\n", fluent_escape(&original)));
    }
    out
}

/// Text written as a Fluent value: braces escaped, a special first character guarded, and
/// line breaks kept on one line.
fn fluent_escape(text: &str) -> String {
    let mut out = text
        .replace('{', "{\"{\"}")
        .replace('}', "{\"}\"}")
        .replace(['\n', '\r'], " ");
    if out.starts_with(['[', '*', '.', ' ']) {
        out.insert_str(0, "{\"\"}");
    }
    out
}

/// A Fluent string literal's escapes (`\"`, `\\`, `\u00E9`) as text.
fn unescape(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some('U') => {
                let hex: String = chars.by_ref().take(6).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The 1-based line each message starts on (a message starts at column 1 with its id).
fn key_lines(text: &str) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let Some((id, _)) = line.split_once('=') else {
            continue;
        };
        let id = id.trim_end();
        let is_id = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if is_id {
            lines.entry(id.to_owned()).or_insert(number + 1);
        }
    }
    lines
}

/// What an unknown key probably meant to name.
fn unknown_help(key: &str, scenario: &Scenario) -> String {
    let node = scenario
        .nodes
        .iter()
        .filter(|node| key.starts_with(&format!("{}-", node.id)))
        .max_by_key(|node| node.id.len());
    match node {
        Some(node) => format!(
            "node `{}` has {} line{}, {} reaction{} and {} repl{}{}",
            node.id,
            node.says.len(),
            if node.says.len() == 1 { "" } else { "s" },
            node.reactions.len(),
            if node.reactions.len() == 1 { "" } else { "s" },
            node.responses.len(),
            if node.responses.len() == 1 {
                "y"
            } else {
                "ies"
            },
            if node.silence.is_some() {
                ", and a time limit"
            } else {
                ", and no time limit"
            }
        ),
        None => "keys begin with a node's id, `ending-`, or are `title`, `summary` or \
                 `customer-situation`"
            .to_owned(),
    }
}

fn located(
    severity: Severity,
    file: &str,
    line: usize,
    column: usize,
    message: String,
    label: &str,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        severity,
        file: file.to_owned(),
        line,
        column,
        width: 1,
        node: None,
        message,
        label: label.to_owned(),
        help,
    }
}

fn read_limited(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|error| format!("cannot read: {error}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_TRANSLATION_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read: {error}"))?;
    if bytes.len() > MAX_TRANSLATION_BYTES {
        return Err(format!(
            "larger than {} MB: not a translation",
            MAX_TRANSLATION_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_valid;

    const TUTORIAL: &str = include_str!("../../../../scenarios/tutorial-first-call.ron");

    fn tutorial() -> Scenario {
        load_valid("tutorial-first-call.ron", TUTORIAL).unwrap()
    }

    #[test]
    fn a_translation_changes_only_the_words() {
        let scenario = tutorial();
        let text = "title = Tutorial: tu primera llamada\n\
                    meters-says-1 = Hola. El regalo de mi sobrino tenía que llegar ayer.\n\
                    meters-reply-2 = Los envíos pueden tardar hasta cinco días hábiles.\n\
                    meters-reply-2-coaching = Mira las barras: las tres bajaron.\n";
        let report = check_text("t.es.ftl", "es", text, &scenario);
        assert!(!report.has_errors(), "{}", report.render(false));
        assert!(report.unknown.is_empty());
        let translation = report.translation.unwrap();
        let translated = translation.apply(&scenario);
        assert_eq!(translated.meta.title, "Tutorial: tu primera llamada");
        assert!(translated.nodes[0].says[0].starts_with("Hola."));
        assert!(
            translated.nodes[0].responses[1]
                .text
                .starts_with("Los envíos")
        );
        // Untranslated text stays; what is played and scored is untouched.
        assert_eq!(
            translated.nodes[0].responses[0].text,
            scenario.nodes[0].responses[0].text
        );
        assert_eq!(translated.content_hash, scenario.content_hash);
        for (a, b) in translated.nodes.iter().zip(&scenario.nodes) {
            for (x, y) in a.responses.iter().zip(&b.responses) {
                assert_eq!((x.effect, x.next, &x.skills), (y.effect, y.next, &y.skills));
            }
        }
    }

    #[test]
    fn missing_and_unknown_keys_are_reported_where_they_are() {
        let scenario = tutorial();
        let text = "title = Tutorial\n\nmeters-reply-9 = ?\nnowhere-says-1 = ?\n";
        let report = check_text("t.es.ftl", "es", text, &scenario);
        assert_eq!(report.unknown, ["meters-reply-9", "nowhere-says-1"]);
        let rendered = report.render(false);
        assert!(rendered.contains("t.es.ftl:3:1"), "{rendered}");
        assert!(rendered.contains("node `meters` has 1 line"), "{rendered}");
        assert_eq!(report.missing.len(), keys(&scenario).len() - 1);
        assert!(report.missing.contains(&"summary".to_owned()));
        assert!(
            rendered.contains("more keys are not translated"),
            "{rendered}"
        );
        assert!(!report.has_errors());
    }

    #[test]
    fn a_broken_file_is_a_located_error_not_a_panic() {
        let scenario = tutorial();
        for text in [
            "title",
            "= x",
            "title = {",
            "-term = x\ntitle = { -term }",
            "\u{0}",
        ] {
            let report = check_text("t.es.ftl", "es", text, &scenario);
            assert!(
                report.has_errors() || !report.diagnostics.is_empty(),
                "{text:?} passed"
            );
        }
    }

    #[test]
    fn the_template_lists_every_key_with_its_original_and_reads_back_unchanged() {
        let scenario = tutorial();
        let template = template(&scenario, "tutorial-first-call.ron", "es");
        let report = check_text("t.es.ftl", "es", &template, &scenario);
        assert!(report.diagnostics.is_empty(), "{}", report.render(false));
        assert!(report.missing.is_empty());
        let translation = report.translation.unwrap();
        assert_eq!(translation.apply(&scenario), scenario);
    }

    /// Every translation shipped in `scenarios/` is complete and names nothing unknown.
    #[test]
    fn the_shipped_translations_are_complete() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let mut checked = 0;
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "ron") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(scenario) = load_valid(&path.display().to_string(), &text) else {
                continue;
            };
            for (language, translation) in translations_beside(&path) {
                let report = check_file(&translation, &language, &scenario);
                assert!(report.diagnostics.is_empty(), "{}", report.render(false));
                let translated = report.translation.unwrap().apply(&scenario);
                assert_ne!(translated.meta.title, scenario.meta.title);
                checked += 1;
            }
        }
        assert!(checked >= 2, "{checked} translations");
    }

    #[test]
    fn translations_are_found_beside_their_scenario() {
        let dir = std::env::temp_dir().join(format!("rapport-tr-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "a.ron",
            "a.es.ftl",
            "a.de.ftl",
            "ab.es.ftl",
            "a.ftl",
            "a.es.ftl.bak",
        ] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let found = translations_beside(&dir.join("a.ron"));
        let languages: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(languages, ["de", "es"]);
        assert_eq!(
            translation_path(&dir.join("a.ron"), "es"),
            dir.join("a.es.ftl")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
