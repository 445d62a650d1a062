//! The game's words. Every string a screen shows is a Fluent message in
//! `assets/locales/<language>/<screen>.ftl`, compiled into the binary so the game finds its words
//! wherever it is started from. English is the source; Spanish is complete (a test compares the
//! two message by message, variable by variable).
//!
//! A message that is missing shows its id, so a gap is visible on screen rather than blank.

use std::collections::BTreeSet;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A language the game speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    Spanish,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Spanish];

    /// The BCP 47 tag, as written in exports (`en`, `es`) and in translation file names.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The language's name in itself, so a trainee finds their own language whatever the game
    /// speaks now.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Español",
        }
    }

    /// The language of a locale or tag: `es`, `es-MX`, `es_ES.UTF-8` and `ES` are Spanish.
    /// `None` for a language the game does not speak (or for `C` and `POSIX`).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL
            .into_iter()
            .find(|language| language.tag() == primary)
    }

    /// The first language the system's locale settings name that the game speaks (on Linux
    /// `LC_ALL`, `LC_MESSAGES`, then `LANG`); English otherwise.
    pub fn from_system() -> Language {
        sys_locale::get_locales()
            .find_map(|locale| Language::from_tag(&locale))
            .unwrap_or_default()
    }

    fn identifier(self) -> LanguageIdentifier {
        // The tags are constants above; both parse.
        self.tag().parse().unwrap_or_default()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.native_name())
    }
}

/// One value for a message's variable: a number (plural rules choose by it) or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Number(f64),
    Text(String),
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::Number(value as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64, f32, f64);

impl From<&str> for Arg {
    fn from(value: &str) -> Arg {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Arg {
        Arg::Text(value)
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Arg {
        Arg::Text(value.clone())
    }
}

/// The Fluent files, by screen: `(name, English, Spanish)`.
pub const FILES: &[(&str, &str, &str)] = &[
    file!("common"),
    file!("title"),
    file!("picker"),
    file!("play"),
    file!("debrief"),
    file!("leaderboard"),
    file!("author"),
    file!("team-match"),
];

macro_rules! file {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../../assets/locales/en/", $name, ".ftl")),
            include_str!(concat!("../../../assets/locales/es/", $name, ".ftl")),
        )
    };
}
use file;

/// Every message of one language, ready to format.
pub struct Words {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Words")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Words {
    /// The messages of `language`. A message a file gets wrong is left out (and shows its id);
    /// the tests keep the shipped files free of such errors.
    pub fn new(language: Language) -> Words {
        let mut bundle = FluentBundle::new_concurrent(vec![language.identifier()]);
        // Fluent wraps each value in Unicode isolation marks for right-to-left text; neither
        // language needs them and egui would draw them as boxes.
        bundle.set_use_isolating(false);
        for (_, english, spanish) in FILES {
            let text = match language {
                Language::English => english,
                Language::Spanish => spanish,
            };
            let resource = FluentResource::try_new((*text).to_owned())
                .unwrap_or_else(|(partial, _errors)| partial);
            // A message defined twice keeps its first definition; the tests reject that too.
            let _ = bundle.add_resource(resource);
        }
        Words { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Whether the message exists in this language.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id`, which takes no variables.
    pub fn get(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with its variables.
    pub fn get_with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Number(number) => FluentValue::from(*number),
                Arg::Text(text) => FluentValue::from(text.clone()),
            };
            fluent_args.set(*name, value);
        }
        self.format(id, Some(&fluent_args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let (message_id, attribute) = match id.split_once('.') {
            Some((message, attribute)) => (message, Some(attribute)),
            None => (id, None),
        };
        let Some(message) = self.bundle.get_message(message_id) else {
            return id.to_owned();
        };
        let pattern = match attribute {
            Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }
}

/// The message ids a Fluent text defines, with the variables each uses (attributes as
/// `message.attribute`). For the tests and for `rapport validate`'s checks of translations.
pub fn messages_and_variables(text: &str) -> Result<Vec<(String, BTreeSet<String>)>, Vec<String>> {
    use fluent_syntax::ast;
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            return Err(errors.iter().map(|error| format!("{error:?}")).collect());
        }
    };
    let mut found = Vec::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let id = message.id.name.to_owned();
            if let Some(value) = &message.value {
                found.push((id.clone(), variables(value)));
            }
            for attribute in &message.attributes {
                found.push((
                    format!("{id}.{}", attribute.id.name),
                    variables(&attribute.value),
                ));
            }
        }
    }
    Ok(found)
}

fn variables(pattern: &fluent_syntax::ast::Pattern<&str>) -> BTreeSet<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(expression: &InlineExpression<&str>, into: &mut BTreeSet<String>) {
        match expression {
            InlineExpression::VariableReference { id } => {
                into.insert(id.name.to_owned());
            }
            InlineExpression::FunctionReference { arguments, .. } => {
                for argument in &arguments.positional {
                    inline(argument, into);
                }
            }
            InlineExpression::Placeable { expression } => walk(expression, into),
            _ => {}
        }
    }
    fn walk(expression: &Expression<&str>, into: &mut BTreeSet<String>) {
        match expression {
            Expression::Inline(expression) => inline(expression, into),
            Expression::Select { selector, variants } => {
                inline(selector, into);
                for variant in variants {
                    for element in &variant.value.elements {
                        if let PatternElement::Placeable { expression } = element {
                            walk(expression, into);
                        }
                    }
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            walk(expression, &mut found);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn messages(text: &str, file: &str) -> BTreeMap<String, BTreeSet<String>> {
        let found = messages_and_variables(text)
            .unwrap_or_else(|errors| panic!("{file} does not parse: {errors:?}"));
        let mut by_id = BTreeMap::new();
        for (id, variables) in found {
            assert!(
                by_id.insert(id.clone(), variables).is_none(),
                "{file} defines {id} twice"
            );
        }
        by_id
    }

    #[test]
    fn spanish_has_every_english_message_with_the_same_variables() {
        let mut seen = BTreeMap::new();
        for (name, english, spanish) in FILES {
            let english = messages(english, &format!("en/{name}.ftl"));
            let spanish = messages(spanish, &format!("es/{name}.ftl"));
            for (id, variables) in &english {
                assert!(
                    seen.insert(id.clone(), *name).is_none(),
                    "{id} is in en/{name}.ftl and en/{}.ftl",
                    seen[id]
                );
                let Some(translated) = spanish.get(id) else {
                    panic!("es/{name}.ftl has no {id}");
                };
                assert_eq!(
                    translated, variables,
                    "{id}: es/{name}.ftl uses other variables than English"
                );
            }
            for id in spanish.keys() {
                assert!(
                    english.contains_key(id),
                    "es/{name}.ftl has {id}, which English does not"
                );
            }
        }
        assert!(seen.len() > 20, "only {} messages", seen.len());
    }

    #[test]
    fn every_message_formats_without_errors_in_both_languages() {
        for language in Language::ALL {
            let words = Words::new(language);
            for (name, english, _) in FILES {
                for (id, variables) in messages(english, name) {
                    let args: Vec<(&str, Arg)> = variables
                        .iter()
                        .map(|variable| (variable.as_str(), Arg::Number(2.0)))
                        .collect();
                    let mut fluent_args = FluentArgs::new();
                    for (variable, _) in &args {
                        fluent_args.set(*variable, 2);
                    }
                    let (message_id, attribute) = match id.split_once('.') {
                        Some((m, a)) => (m, Some(a)),
                        None => (id.as_str(), None),
                    };
                    let message = words.bundle.get_message(message_id).unwrap();
                    let pattern = match attribute {
                        Some(a) => message.get_attribute(a).unwrap().value(),
                        None => message.value().unwrap(),
                    };
                    let mut errors = Vec::new();
                    let text =
                        words
                            .bundle
                            .format_pattern(pattern, Some(&fluent_args), &mut errors);
                    assert!(errors.is_empty(), "{language:?} {id}: {errors:?}");
                    assert!(!text.trim().is_empty(), "{language:?} {id} is empty");
                    assert_eq!(words.get_with(&id, &args), text);
                }
            }
        }
    }

    #[test]
    fn a_locale_names_its_language() {
        assert_eq!(Language::from_tag("es"), Some(Language::Spanish));
        assert_eq!(Language::from_tag("es-MX"), Some(Language::Spanish));
        assert_eq!(Language::from_tag("es_ES.UTF-8"), Some(Language::Spanish));
        assert_eq!(Language::from_tag("EN_gb"), Some(Language::English));
        assert_eq!(Language::from_tag("de-DE"), None);
        assert_eq!(Language::from_tag("C"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        let words = Words::new(Language::Spanish);
        assert_eq!(words.get("no-such-message"), "no-such-message");
        assert_eq!(
            words.get("common-ok.no-such-attribute"),
            "common-ok.no-such-attribute"
        );
    }

    #[test]
    fn numbers_choose_the_plural_and_text_is_not_isolated() {
        let words = Words::new(Language::Spanish);
        let one = words.get_with("common-turns", &[("count", 1.into())]);
        let many = words.get_with("common-turns", &[("count", 3.into())]);
        assert_ne!(one, many);
        assert!(many.contains('3'), "{many}");
        assert!(!many.contains('\u{2068}'), "{many:?}");
    }
}
