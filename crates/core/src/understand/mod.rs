//! Typed replies: a trainee says it in their own words, and the text is mapped to the closest
//! reply on offer. A matcher scores the typed text against each reply (its text and its
//! example phrasings); a decision rule then takes the best reply when it is clearly best, asks
//! "did you mean..." with the two best when two are close, and says it did not understand
//! when nothing is close enough. The thresholds of each matcher are calibrated on the
//! hand-written evaluation set in `tests/typed_replies/` (see `docs/typed-replies.md`).
//!
//! [`lexical`] matches words and needs nothing installed; a sentence-embedding model, when
//! installed, matches meaning. [`technique`] reads the words themselves for what they show:
//! open questions, reflecting the customer's words, naming a feeling, and so on.

pub mod cases;
pub mod lexical;
pub mod technique;
pub mod verify;

use serde::Serialize;

use crate::scenario::model::{Node, Scenario};
use crate::session::Choice;

/// One reply on offer, as a matcher reads it: the reply's own text first, then the author's
/// example phrasings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTexts {
    pub choice: Choice,
    pub texts: Vec<String>,
}

/// The replies of `node` among `offered` (silence is not typed).
pub fn replies_at(node: &Node, offered: impl IntoIterator<Item = Choice>) -> Vec<ReplyTexts> {
    offered
        .into_iter()
        .filter_map(|choice| match choice {
            Choice::Response(index) => {
                node.responses
                    .get(usize::from(index))
                    .map(|reply| ReplyTexts {
                        choice,
                        texts: std::iter::once(reply.text.clone())
                            .chain(reply.examples.iter().cloned())
                            .collect(),
                    })
            }
            Choice::Silence | Choice::Unclear => None,
        })
        .collect()
}

impl ReplyTexts {
    /// The reply's score: its best text's, by `score`.
    pub fn best(&self, mut score: impl FnMut(&str) -> f64) -> f64 {
        self.texts
            .iter()
            .map(|text| score(text))
            .fold(0.0, f64::max)
    }
}

/// Every reply of `node`, whatever it requires.
pub fn all_replies(node: &Node) -> Vec<ReplyTexts> {
    replies_at(
        node,
        (0..node.responses.len()).map(|index| Choice::Response(index as u8)),
    )
}

/// Scores typed text against replies, 0 (nothing alike) to 1.
pub trait Matcher {
    /// Which matcher this is, for records and reports ("lexical", a model's name).
    fn name(&self) -> &str;
    /// The score of each reply, in the order given: its best text's.
    fn scores(&self, typed: &str, replies: &[ReplyTexts]) -> Vec<f64>;
    /// Where this matcher's scores are sure enough, calibrated on the evaluation set.
    fn thresholds(&self) -> Thresholds;
}

/// The decision rule's two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Below this best score, nothing was understood.
    pub accept: f64,
    /// A best score ahead of the second by less than this is a tie between the two.
    pub margin: f64,
}

/// What a typed reply was understood as.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Understood {
    /// This reply, clearly.
    Sure { choice: Choice, confidence: f64 },
    /// One of these two: the trainee is asked which they meant (it costs nothing).
    Torn {
        first: Choice,
        first_score: f64,
        second: Choice,
        second_score: f64,
    },
    /// Nothing on offer is close: off the subject, rude, or empty. The customer reacts as to
    /// a reply that made no sense.
    Unclear { best_score: f64 },
}

impl Understood {
    /// The reply it is taken as, when sure.
    pub fn choice(&self) -> Option<Choice> {
        match self {
            Understood::Sure { choice, .. } => Some(*choice),
            _ => None,
        }
    }
}

/// Replies best first, with their scores.
pub fn ranked(replies: &[ReplyTexts], scores: &[f64]) -> Vec<(Choice, f64)> {
    let mut ranked: Vec<(Choice, f64)> = replies
        .iter()
        .zip(scores)
        .map(|(reply, score)| (reply.choice, *score))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// What `matcher` understands `typed` as among `replies`: the replies ranked, and the decision.
/// Empty text is not understood, whatever a matcher would score it.
pub fn understand(
    matcher: &dyn Matcher,
    typed: &str,
    replies: &[ReplyTexts],
) -> (Vec<(Choice, f64)>, Understood) {
    let scores = if typed.trim().is_empty() {
        vec![0.0; replies.len()]
    } else {
        matcher.scores(typed, replies)
    };
    let ranked = ranked(replies, &scores);
    let decision = decide(&ranked, matcher.thresholds());
    (ranked, decision)
}

/// The decision rule over replies ranked best first.
pub fn decide(ranked: &[(Choice, f64)], thresholds: Thresholds) -> Understood {
    let Some(&(first, first_score)) = ranked.first() else {
        return Understood::Unclear { best_score: 0.0 };
    };
    if first_score < thresholds.accept {
        return Understood::Unclear {
            best_score: first_score,
        };
    }
    match ranked.get(1) {
        Some(&(second, second_score)) if first_score - second_score < thresholds.margin => {
            Understood::Torn {
                first,
                first_score,
                second,
                second_score,
            }
        }
        _ => Understood::Sure {
            choice: first,
            confidence: first_score,
        },
    }
}

/// Matches typed text against replies by their words (see [`lexical`]).
#[derive(Debug, Clone, Default)]
pub struct WordMatcher {
    words: lexical::LexicalMatcher,
}

impl WordMatcher {
    /// Word weights from every reply and example phrasing of `scenario`.
    pub fn for_scenario(scenario: &Scenario) -> Self {
        WordMatcher {
            words: lexical::LexicalMatcher::new(scenario.nodes.iter().flat_map(|node| {
                node.responses.iter().flat_map(|reply| {
                    std::iter::once(reply.text.as_str())
                        .chain(reply.examples.iter().map(String::as_str))
                })
            })),
        }
    }
}

/// Calibrated on the evaluation set (`rapport match scenarios --matcher words --cases
/// tests/typed_replies/cases.jsonl --cases tests/typed_replies/reworded.jsonl --calibrate`):
/// below 0.08 nothing is understood; the best two within 0.035 ask "did you mean".
pub const WORD_THRESHOLDS: Thresholds = Thresholds {
    accept: 0.08,
    margin: 0.035,
};

impl Matcher for WordMatcher {
    fn name(&self) -> &str {
        "lexical"
    }

    fn scores(&self, typed: &str, replies: &[ReplyTexts]) -> Vec<f64> {
        replies
            .iter()
            .map(|reply| reply.best(|text| self.words.similarity(typed, text)))
            .collect()
    }

    fn thresholds(&self) -> Thresholds {
        WORD_THRESHOLDS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SURE: Thresholds = Thresholds {
        accept: 0.3,
        margin: 0.1,
    };

    #[test]
    fn the_rule_is_sure_torn_or_unclear() {
        let (a, b) = (Choice::Response(0), Choice::Response(1));
        assert_eq!(
            decide(&[(a, 0.8), (b, 0.2)], SURE),
            Understood::Sure {
                choice: a,
                confidence: 0.8
            }
        );
        assert!(matches!(
            decide(&[(a, 0.5), (b, 0.45)], SURE),
            Understood::Torn { first, second, .. } if first == a && second == b
        ));
        assert!(matches!(
            decide(&[(a, 0.2), (b, 0.1)], SURE),
            Understood::Unclear { .. }
        ));
        assert!(matches!(decide(&[], SURE), Understood::Unclear { .. }));
        // One reply on offer: never torn.
        assert!(matches!(decide(&[(a, 0.5)], SURE), Understood::Sure { .. }));
    }

    const TEMPLATE: &str = include_str!("../../../../scenarios/_template.ron");

    #[test]
    fn an_authors_example_phrasings_count_as_the_reply() {
        let typed = "mate chill, couple of weeks tops";
        let plain = crate::scenario::load_valid("t.ron", TEMPLATE).unwrap();
        let with_examples = TEMPLATE.replacen(
            "next: \"details\",\n                    sets: [\"quoted_policy\"],",
            "next: \"details\",\n                    examples: [\"Chill, it takes a couple of weeks tops.\"],\n                    sets: [\"quoted_policy\"],",
            1,
        );
        assert_ne!(with_examples, TEMPLATE);
        let taught = crate::scenario::load_valid("t.ron", &with_examples).unwrap();
        let understood = |scenario: &Scenario| {
            let matcher = WordMatcher::for_scenario(scenario);
            let replies = all_replies(&scenario.nodes[0]);
            let scores = matcher.scores(typed, &replies);
            decide(&ranked(&replies, &scores), matcher.thresholds())
        };
        assert!(matches!(understood(&plain), Understood::Unclear { .. }));
        assert_eq!(understood(&taught).choice(), Some(Choice::Response(1)));
    }

    #[test]
    fn example_phrasings_are_checked_like_any_text() {
        let empty = TEMPLATE.replacen(
            "next: \"details\",\n                    sets:",
            "next: \"details\",\n                    examples: [\"  \"],\n                    sets:",
            1,
        );
        let report = crate::scenario::load::load_bytes("t.ron", empty.as_bytes());
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.message.contains("example phrasing is empty")),
            "{:?}",
            report.diagnostics
        );
        let many: Vec<String> = (0..21).map(|n| format!("\"way {n}\"")).collect();
        let too_many = TEMPLATE.replacen(
            "next: \"details\",\n                    sets:",
            &format!(
                "next: \"details\",\n                    examples: [{}],\n                    sets:",
                many.join(", ")
            ),
            1,
        );
        let report = crate::scenario::load::load_bytes("t.ron", too_many.as_bytes());
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.message.contains("21 example phrasings")),
            "{:?}",
            report.diagnostics
        );
    }
}
