//! Understanding without a model: words. Each reply (its text and its example phrasings) and
//! the typed text become weighted bags of word stems; a typed text is close to a reply when it
//! shares the reply's rarer words. Misspelt words still count when their letter triples mostly
//! agree ("apologys", "acount"). Weights are inverse document frequencies over every reply of
//! the scenario, so "bill" in a billing call counts for less than "refund".

use std::collections::{HashMap, HashSet};

/// Words too common to tell replies apart. Negations and pronouns that change meaning ("not",
/// "never", "you", "we") are kept.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "and", "or", "in", "on", "at", "for", "with", "is", "are", "was",
    "were", "be", "been", "it", "its", "this", "that", "these", "those", "so", "as", "by", "from",
    "up", "just", "then", "there", "here", "do", "does", "did", "am", "me", "my", "i", "im", "ive",
    "ill", "id", "your", "yours", "our", "ours", "us", "if", "but", "also", "very", "really", "ok",
    "okay", "oh", "um", "uh", "well", "please", "can", "could", "would", "will", "shall", "should",
    "may", "might", "must", "have", "has", "had", "get", "got", "what", "which", "who", "how",
    "all", "any", "some", "more", "about", "into", "out", "now", "again", "too", "yes", "yeah",
    "sure", "right", "thing", "things", "let", "lets",
];

/// The words of `text`: lower case, apostrophes dropped ("don't" is "dont"), split at anything
/// that is not a letter or a digit.
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A rough English stem: plural, past and -ing forms fold together ("refunds", "refunded",
/// "refunding" are "refund"; "apologies" and "apology" are "apology").
pub fn stem(word: &str) -> String {
    let w = word;
    let n = w.chars().count();
    let strip = |suffix: &str, min: usize| -> Option<String> {
        (n >= min && w.ends_with(suffix)).then(|| w[..w.len() - suffix.len()].to_owned())
    };
    if let Some(base) = strip("ies", 5) {
        return base + "y";
    }
    for (suffix, min) in [("ingly", 7), ("edly", 6), ("ing", 6), ("ed", 5), ("ly", 5)] {
        if let Some(base) = strip(suffix, min) {
            return base;
        }
    }
    if let Some(base) = strip("es", 5).filter(|base| {
        base.ends_with(['s', 'x', 'z']) || base.ends_with("ch") || base.ends_with("sh")
    }) {
        return base;
    }
    if n >= 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

/// The content stems of `text`: its words without stopwords, stemmed.
pub fn content_stems(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .filter(|word| !STOPWORDS.contains(&word.as_str()))
        .map(|word| stem(word))
        .collect()
}

/// Letter triples of a word, with its ends marked: "bill" is "^bi", "bil", "ill", "ll$".
fn triples(word: &str) -> HashSet<[char; 3]> {
    let chars: Vec<char> = std::iter::once('^')
        .chain(word.chars())
        .chain(std::iter::once('$'))
        .collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// How alike two stems are, 0 to 1: 1 when equal; for words of four letters or more, the
/// share of letter triples they have in common when it is at least a half (a typo or another
/// form of the word); 0 otherwise.
fn alike(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.chars().count() < 4 || b.chars().count() < 4 {
        return 0.0;
    }
    let (ta, tb) = (triples(a), triples(b));
    let shared = ta.intersection(&tb).count() as f64;
    let all = ta.union(&tb).count() as f64;
    let similarity = shared / all.max(1.0);
    if similarity >= 0.5 { similarity } else { 0.0 }
}

/// Weighted stems of one text.
#[derive(Debug, Clone, Default)]
struct Bag {
    weights: Vec<(String, f64)>,
    norm: f64,
}

/// Scores typed texts against the replies of one scenario.
#[derive(Debug, Clone, Default)]
pub struct LexicalMatcher {
    /// How many of the scenario's texts each stem appears in, and how many texts there are.
    document_frequency: HashMap<String, u32>,
    documents: u32,
}

impl LexicalMatcher {
    /// A matcher whose word weights come from `texts` (every reply and example of a scenario).
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut document_frequency: HashMap<String, u32> = HashMap::new();
        let mut documents = 0;
        for text in texts {
            documents += 1;
            let unique: HashSet<String> = content_stems(text).into_iter().collect();
            for stem in unique {
                *document_frequency.entry(stem).or_default() += 1;
            }
        }
        LexicalMatcher {
            document_frequency,
            documents,
        }
    }

    /// How much a stem tells replies apart: rare stems weigh more; a stem no reply uses weighs
    /// as much as the rarest, so off-topic words pull a typed text away from every reply.
    fn weight(&self, stem: &str) -> f64 {
        let df = self
            .document_frequency
            .get(stem)
            .copied()
            .unwrap_or(0)
            .max(1);
        (1.0 + f64::from(self.documents.max(1)) / f64::from(df)).ln()
    }

    fn bag(&self, text: &str) -> Bag {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for stem in content_stems(text) {
            *counts.entry(stem).or_default() += 1;
        }
        let weights: Vec<(String, f64)> = counts
            .into_iter()
            .map(|(stem, count)| {
                let weight = self.weight(&stem) * (1.0 + f64::from(count).ln());
                (stem, weight)
            })
            .collect();
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        Bag { weights, norm }
    }

    /// How close `typed` is to `text`, 0 to 1: a cosine of the weighted stems in which each
    /// typed stem counts its best match in `text`, exact or misspelt.
    pub fn similarity(&self, typed: &str, text: &str) -> f64 {
        let (query, document) = (self.bag(typed), self.bag(text));
        if query.norm == 0.0 || document.norm == 0.0 {
            return 0.0;
        }
        let matched: f64 = query
            .weights
            .iter()
            .map(|(stem, weight)| {
                let best = document
                    .weights
                    .iter()
                    .map(|(other, other_weight)| alike(stem, other) * other_weight)
                    .fold(0.0, f64::max);
                weight * best
            })
            .sum();
        (matched / (query.norm * document.norm)).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_plurals_tenses_and_ing_forms() {
        for (word, expected) in [
            ("refunds", "refund"),
            ("refunded", "refund"),
            ("refunding", "refund"),
            ("apologies", "apology"),
            ("boxes", "box"),
            ("bill", "bill"),
            ("address", "address"),
            ("status", "status"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
        assert_eq!(
            words("Don't WORRY, it's fine!"),
            ["dont", "worry", "its", "fine"]
        );
    }

    #[test]
    fn the_closer_reply_scores_higher_even_misspelt() {
        let replies = [
            "I'm sorry it hasn't arrived. Can you tell me when you ordered?",
            "Orders take up to ten working days.",
            "It'll be with you tomorrow, I promise.",
        ];
        let matcher = LexicalMatcher::new(replies);
        let scores = |typed: &str| replies.map(|reply| matcher.similarity(typed, reply));
        let typo = scores("so sorry its not arived, when did u order it?");
        assert!(typo[0] > typo[1] && typo[0] > typo[2], "{typo:?}");
        let policy = scores("our orders can take ten working days");
        assert!(policy[1] > policy[0] && policy[1] > policy[2], "{policy:?}");
        let off_topic = scores("what's the football score tonight");
        assert!(off_topic.iter().all(|score| *score < 0.1), "{off_topic:?}");
        assert_eq!(matcher.similarity("", replies[0]), 0.0);
    }
}
