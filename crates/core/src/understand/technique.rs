//! What the trainee's own words show, read by plain rules anyone can check: each finding names
//! the words that triggered it. Five habits help (an open question, reflecting the customer's
//! words, naming a feeling, an apology, ownership) and three hurt (jargon, blame, absolute
//! promises). The rules are documented in `docs/typed-replies.md`.

use serde::{Deserialize, Serialize};

use super::lexical::{content_stems, stem, words};

/// A habit the words show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Technique {
    OpenQuestion,
    /// Using the customer's own words from their last line.
    Reflection,
    NamedFeeling,
    Apology,
    /// "I will ...", "let me ...": the agent takes the next step on.
    Ownership,
    Jargon,
    Blame,
    /// "never", "guarantee", "always": a promise nobody can keep for sure.
    AbsolutePromise,
}

impl Technique {
    pub const ALL: [Technique; 8] = [
        Technique::OpenQuestion,
        Technique::Reflection,
        Technique::NamedFeeling,
        Technique::Apology,
        Technique::Ownership,
        Technique::Jargon,
        Technique::Blame,
        Technique::AbsolutePromise,
    ];

    /// Whether the habit helps the conversation.
    pub fn helps(self) -> bool {
        !matches!(
            self,
            Technique::Jargon | Technique::Blame | Technique::AbsolutePromise
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Technique::OpenQuestion => "open question",
            Technique::Reflection => "reflected their words",
            Technique::NamedFeeling => "named a feeling",
            Technique::Apology => "apology",
            Technique::Ownership => "took ownership",
            Technique::Jargon => "jargon",
            Technique::Blame => "blame",
            Technique::AbsolutePromise => "absolute promise",
        }
    }
}

/// One finding: the habit and the words that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub technique: Technique,
    pub evidence: String,
}

/// How often each habit showed over many findings, in [`Technique`] order (those that never
/// showed are left out): the debrief's "in your words over the session".
pub fn tally<'a>(found: impl IntoIterator<Item = &'a Finding>) -> Vec<(Technique, usize)> {
    let mut counts = [0usize; Technique::ALL.len()];
    for finding in found {
        if let Some(slot) = Technique::ALL.iter().position(|t| *t == finding.technique) {
            counts[slot] += 1;
        }
    }
    Technique::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .collect()
}

const OPEN_STARTS: &[&str] = &[
    "what",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "tell me",
    "talk me",
    "walk me",
    "describe",
    "explain",
    "help me understand",
    "can you tell",
    "could you tell",
    "can you walk",
    "could you walk",
    "can you explain",
    "could you explain",
    "can you describe",
    "could you describe",
    "would you tell",
];

const FEELINGS: &[&str] = &[
    "frustrat",
    "upset",
    "angry",
    "anger",
    "annoy",
    "worried",
    "worry",
    "worrying",
    "stress",
    "disappoint",
    "confus",
    "anxious",
    "scared",
    "afraid",
    "embarrass",
    "unfair",
    "infuriat",
    "exhaust",
    "overwhelm",
    "fed up",
    "let down",
    "hurt",
    "sad",
    "panic",
    "distress",
];

const APOLOGIES: &[&str] = &["sorry", "apologise", "apologize", "apologies", "apology"];

const OWNERSHIP: &[&str] = &[
    "i will",
    "ill",
    "let me",
    "i am going to",
    "im going to",
    "i can do",
    "leave it with me",
    "i take responsibility",
    "my responsibility",
];

const JARGON: &[&str] = &[
    "as per",
    "per our policy",
    "policy states",
    "escalation matrix",
    "ticket",
    "sla",
    "tier 1",
    "tier 2",
    "tier one",
    "tier two",
    "backend",
    "back end",
    "system error",
    "workaround",
    "provisioning",
    "reconciliation",
    "queue",
    "case reference",
    "the system",
    "protocol",
    "procedure",
    "kpi",
    "crm",
    "processed",
    "remediation",
    "actioned",
    "escalate",
    "terms and conditions",
];

const BLAME: &[&str] = &[
    "you should have",
    "you shouldve",
    "your fault",
    "you didnt",
    "you did not",
    "you failed",
    "you forgot",
    "not our fault",
    "not my fault",
    "thats on you",
    "you need to read",
    "you were told",
    "you should of",
    "you must have",
    "other department",
    "their fault",
    "you never",
];

// Promises about what will (never) happen; "credits that never came" describes the past and
// is no promise.
const ABSOLUTES: &[&str] = &[
    "will never",
    "never happen again",
    "never again",
    "wont ever",
    "guarantee",
    "guaranteed",
    "will always",
    "always be",
    "100 percent",
    "definitely will",
    "i promise",
    "promise you",
    "without fail",
    "for certain",
];

/// Acronyms that are plain English to a customer.
const PLAIN_CAPITALS: &[&str] = &["I", "OK", "ID", "AM", "PM", "TV", "UK", "US", "EU", "PIN"];

/// `text` lower-cased, with apostrophes dropped and spaces single, padded with spaces so that
/// phrases match whole words.
fn plain(text: &str) -> String {
    format!(" {} ", words(text).join(" "))
}

/// The first of `phrases` that `text` (made [`plain`]) says, as whole words.
fn first_phrase<'a>(text: &str, phrases: &[&'a str]) -> Option<&'a str> {
    phrases
        .iter()
        .copied()
        .find(|phrase| text.contains(&plain(phrase)))
}

/// `phrase` (found in `typed` made plain) as the trainee wrote it: "I'll", not "ill". Falls
/// back to the phrase when the words cannot be lined up.
fn as_written(typed: &str, phrase: &str) -> String {
    let wanted = words(phrase);
    let written: Vec<&str> = typed.split_whitespace().collect();
    // Each written word with its plain words (one written word may be two plain ones).
    let plain_words: Vec<Vec<String>> = written.iter().map(|word| words(word)).collect();
    for start in 0..written.len() {
        let mut joined: Vec<&str> = Vec::new();
        for (end, pieces) in plain_words.iter().enumerate().skip(start) {
            joined.extend(pieces.iter().map(String::as_str));
            if joined.len() >= wanted.len() {
                if joined == wanted {
                    let text = written[start..=end].join(" ");
                    return text
                        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                        .to_owned();
                }
                break;
            }
        }
    }
    phrase.to_owned()
}

/// The first word of `text` that one of `beginnings` starts ("frustrat": "frustrated"), as
/// written there.
fn first_beginning(text: &str, beginnings: &[&str]) -> Option<String> {
    beginnings.iter().find_map(|beginning| {
        let at = text.find(&format!(" {beginning}"))? + 1;
        let word = text[at..].split(' ').next()?;
        Some(word.to_owned())
    })
}

/// What `typed` shows, given the customer's last line.
pub fn findings(typed: &str, customer_said: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let text = plain(typed);
    let mut add = |technique, evidence: String| {
        found.push(Finding {
            technique,
            evidence,
        })
    };

    // An open question: a sentence that asks, and starts with a question word or a request to
    // tell.
    // The question may follow a clause: "So sorry, when did you order?"
    'sentences: for sentence in typed.split_inclusive(['?', '.', '!']) {
        if !sentence.trim_end().ends_with('?') {
            continue;
        }
        let mut from = 0;
        for clause in sentence.split_inclusive([',', ';', ':']) {
            let asked = plain(clause);
            if OPEN_STARTS
                .iter()
                .any(|start| asked.starts_with(&plain(start)))
            {
                add(Technique::OpenQuestion, sentence[from..].trim().to_owned());
                break 'sentences;
            }
            from += clause.len();
        }
    }
    // Reflection: at least two of the customer's content words back, or a third of them.
    let theirs: std::collections::BTreeSet<String> =
        content_stems(customer_said).into_iter().collect();
    let mine: std::collections::BTreeSet<String> = content_stems(typed).into_iter().collect();
    let shared: Vec<&String> = theirs.intersection(&mine).collect();
    if !theirs.is_empty() && (shared.len() >= 2 && shared.len() * 3 >= theirs.len().min(9)) {
        // Quoted as the trainee wrote them: "cancelled", not the stem "cancell".
        let written: Vec<String> = shared
            .iter()
            .map(|shared_stem| {
                typed
                    .split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .find(|word| {
                        words(word)
                            .iter()
                            .any(|plain_word| stem(plain_word) == **shared_stem)
                    })
                    .map_or_else(|| shared_stem.to_string(), str::to_owned)
            })
            .collect();
        add(Technique::Reflection, written.join(", "));
    }
    if let Some(feeling) = first_beginning(&text, FEELINGS) {
        add(Technique::NamedFeeling, feeling);
    }
    if let Some(apology) = first_phrase(&text, APOLOGIES) {
        add(Technique::Apology, as_written(typed, apology));
    }
    if let Some(owning) = first_phrase(&text, OWNERSHIP) {
        add(Technique::Ownership, as_written(typed, owning.trim()));
    }
    let acronym = typed.split(|c: char| !c.is_alphanumeric()).find(|word| {
        (2..=5).contains(&word.len())
            && word.chars().all(|c| c.is_ascii_uppercase())
            && !PLAIN_CAPITALS.contains(word)
    });
    if let Some(jargon) = first_phrase(&text, JARGON) {
        add(Technique::Jargon, as_written(typed, jargon));
    } else if let Some(acronym) = acronym {
        add(Technique::Jargon, acronym.to_owned());
    }
    if let Some(blame) = first_phrase(&text, BLAME) {
        add(Technique::Blame, as_written(typed, blame));
    }
    let absolute = first_phrase(&text, ABSOLUTES).or(typed.contains("100%").then_some("100%"));
    if let Some(absolute) = absolute {
        add(Technique::AbsolutePromise, as_written(typed, absolute));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn techniques(typed: &str, said: &str) -> Vec<Technique> {
        findings(typed, said)
            .into_iter()
            .map(|finding| finding.technique)
            .collect()
    }

    #[test]
    fn each_habit_is_found_with_its_words() {
        let said = "You charged me twice for the same bill and nobody called me back.";
        assert_eq!(
            techniques(
                "I'm so sorry you were charged twice and nobody called back, that's frustrating. What did the second charge say?",
                said
            ),
            [
                Technique::OpenQuestion,
                Technique::Reflection,
                Technique::NamedFeeling,
                Technique::Apology
            ]
        );
        assert_eq!(
            techniques("I will ring you before 5 today.", said),
            [Technique::Ownership]
        );
        assert_eq!(
            techniques("As per the SLA the ticket is in the queue.", said),
            [Technique::Jargon]
        );
        assert_eq!(
            techniques("You should have read the terms.", said),
            [Technique::Blame]
        );
        assert_eq!(
            techniques("This will never happen again, I guarantee it.", said),
            [Technique::AbsolutePromise]
        );
        // A closed question is not an open one; one shared word is not a reflection.
        assert!(techniques("Did you get a letter?", said).is_empty());
        assert!(techniques("Is the bill wrong?", said).is_empty());
        let found = findings("Can you tell me what happened?", said);
        assert_eq!(found[0].technique, Technique::OpenQuestion);
        assert_eq!(found[0].evidence, "Can you tell me what happened?");
        assert!(findings("", said).is_empty());
        let feeling = findings("That sounds frustrating.", said);
        assert_eq!(feeling[0].evidence, "frustrating");
        // Evidence is quoted as written.
        let owning = findings("Sorry! I'll ring the depot.", said);
        assert_eq!(owning[0].evidence, "Sorry");
        assert_eq!(owning[1].evidence, "I'll");
        let promise = findings("That will never happen again", said);
        assert_eq!(promise[0].evidence, "will never");
        // The past described is no promise.
        assert!(techniques("Two credits that never came.", said).is_empty());
    }

    #[test]
    fn helpful_and_harmful_habits_are_told_apart() {
        assert!(Technique::Apology.helps());
        assert!(!Technique::Blame.helps());
        assert_eq!(Technique::ALL.iter().filter(|t| t.helps()).count(), 5);
    }
}
