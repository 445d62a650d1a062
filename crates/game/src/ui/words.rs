//! The words on screen: every screen asks for its strings by Fluent message id
//! (`ui.t("common-back")`), in the language of the trainee's settings. The words live in the egui
//! context, as the theme does, so drawing code needs nothing passed in and tests can draw with
//! either language on a bare context.

use std::sync::{Arc, LazyLock};

use bevy_egui::egui;
use rapport_core::session::{SILENCE_LABEL, UNCLEAR_COACHING, UNCLEAR_LABEL, UNCLEAR_LINE};
pub use rapport_i18n::{Arg, Language, Words};

/// English, for a context no language was given to (a bare context in a test).
static ENGLISH: LazyLock<Arc<Words>> = LazyLock::new(|| Arc::new(Words::new(Language::English)));

fn key() -> egui::Id {
    egui::Id::new("rapport-words")
}

/// The words `ctx` draws with.
pub fn current(ctx: &egui::Context) -> Arc<Words> {
    ctx.data(|data| data.get_temp::<Arc<Words>>(key()))
        .unwrap_or_else(|| ENGLISH.clone())
}

/// Makes `words` the language of everything `ctx` draws from now on.
pub fn apply(ctx: &egui::Context, words: Arc<Words>) {
    ctx.data_mut(|data| data.insert_temp(key(), words));
}

/// Strings by message id, from whatever draws.
pub trait Tr {
    /// The message `id` (or `message.attribute`).
    fn t(&self, id: &str) -> String;
    /// The message `id` with its variables: `ui.t_with("common-turns", &[("count", n.into())])`.
    fn t_with(&self, id: &str, args: &[(&str, Arg)]) -> String;
    /// The name of a value the core labels in English (a skill, a pitfall, an outcome, a
    /// channel...): the message `core-<kind>-<label with spaces as dashes>`.
    fn core(&self, kind: &str, english_label: &str) -> String {
        self.t(&core_id(kind, english_label))
    }
    /// Text the core writes in English where the trainee's or the scenario's words would be (a
    /// silence, a reply nobody understood, the customer's answer to it and its coaching), in
    /// this language; any other text (the scenario's own, already translated) as it is.
    fn core_text(&self, text: &str) -> String {
        match text {
            SILENCE_LABEL => self.t("common-silence"),
            UNCLEAR_LABEL => self.t("common-not-understood"),
            UNCLEAR_LINE => self.t("common-unclear-line"),
            UNCLEAR_COACHING => self.t("common-unclear-coaching"),
            _ => text.to_owned(),
        }
    }
}

/// The message id of a core label: `core_id("pitfall", "rushing to a fix")` is
/// `core-pitfall-rushing-to-a-fix`.
pub fn core_id(kind: &str, english_label: &str) -> String {
    let slug: String = english_label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("core-{kind}-{slug}")
}

impl Tr for egui::Context {
    fn t(&self, id: &str) -> String {
        current(self).get(id)
    }

    fn t_with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        current(self).get_with(id, args)
    }
}

impl Tr for egui::Ui {
    fn t(&self, id: &str) -> String {
        self.ctx().t(id)
    }

    fn t_with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.ctx().t_with(id, args)
    }
}

impl Tr for Words {
    fn t(&self, id: &str) -> String {
        self.get(id)
    }

    fn t_with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.get_with(id, args)
    }
}

#[cfg(test)]
mod tests {
    use rapport_core::record::Understanding;
    use rapport_core::scenario::{Channel, Meter, Outcome, Pitfall, PitfallSeverity, Skill};
    use rapport_core::scoring::{NpsCategory, Retention};
    use rapport_core::understand::technique::Technique;

    use super::*;

    #[test]
    fn a_bare_context_speaks_english_and_a_given_language_sticks() {
        let ctx = egui::Context::default();
        assert_eq!(ctx.t("common-back"), "Back");
        assert_eq!(ctx.core_text(SILENCE_LABEL), SILENCE_LABEL);
        apply(&ctx, Arc::new(Words::new(Language::Spanish)));
        assert_eq!(ctx.t("common-back"), "Volver");
        // What the core writes in English is shown in Spanish; a scenario's text is left alone.
        assert_eq!(ctx.core_text(SILENCE_LABEL), "(silencio)");
        for text in [UNCLEAR_LABEL, UNCLEAR_LINE, UNCLEAR_COACHING] {
            assert_ne!(ctx.core_text(text), text);
        }
        assert_eq!(ctx.core_text("Hola, Marcus."), "Hola, Marcus.");
    }

    /// Every message id the game's code asks for by name exists (in English; the i18n crate's
    /// tests hold Spanish to English). A typo would show the id on screen.
    #[test]
    fn every_message_the_code_names_exists() {
        let words = Words::new(Language::English);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![root];
        let mut named = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            // This file names ids in its documentation and the scan's own patterns.
            if path.extension().is_none_or(|ext| ext != "rs") || path.ends_with("ui/words.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for call in [".t(", ".t_with("] {
                for (at, _) in text.match_indices(call) {
                    // rustfmt may break the line before the id; an id from a variable is not
                    // checked here.
                    let Some(rest) = text[at + call.len()..].trim_start().strip_prefix('"') else {
                        continue;
                    };
                    let id = &rest[..rest.find('"').unwrap()];
                    named += 1;
                    assert!(
                        words.has(id.split('.').next().unwrap()),
                        "{}: no message `{id}`",
                        path.display()
                    );
                }
            }
        }
        assert!(named > 100, "only {named} messages named in the code");
    }

    /// Every value of the core's enums the screens name has its message in both languages.
    #[test]
    fn every_core_label_has_its_words() {
        let mut ids = Vec::new();
        ids.extend(Skill::ALL.iter().map(|s| core_id("skill", s.label())));
        ids.extend(Pitfall::ALL.iter().map(|p| core_id("pitfall", p.label())));
        for severity in [
            PitfallSeverity::Minor,
            PitfallSeverity::Major,
            PitfallSeverity::Critical,
        ] {
            ids.push(core_id("severity", severity.label()));
        }
        for meter in [Meter::Satisfaction, Meter::Trust, Meter::Patience] {
            ids.push(core_id("meter", meter.label()));
        }
        for channel in [
            Channel::Phone,
            Channel::Chat,
            Channel::InPerson,
            Channel::Email,
        ] {
            ids.push(core_id("channel", channel.label()));
        }
        for outcome in [
            Outcome::Resolved,
            Outcome::PartlyResolved,
            Outcome::Escalated,
            Outcome::CustomerLost,
        ] {
            ids.push(core_id("outcome", outcome.label()));
        }
        for retention in [Retention::Stays, Retention::AtRisk, Retention::Leaves] {
            ids.push(core_id("retention", retention.label()));
        }
        for nps in [
            NpsCategory::Promoter,
            NpsCategory::Passive,
            NpsCategory::Detractor,
        ] {
            ids.push(core_id("nps", nps.label()));
        }
        for understanding in [
            Understanding::Sure,
            Understanding::Picked,
            Understanding::Unclear,
        ] {
            ids.push(core_id("understood", understanding.label()));
        }
        ids.extend(
            Technique::ALL
                .iter()
                .map(|t| core_id("technique", t.label())),
        );
        for language in Language::ALL {
            let words = Words::new(language);
            for id in &ids {
                assert!(words.has(id), "{language:?} has no {id}");
            }
        }
    }
}
