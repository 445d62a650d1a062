//! Results out to trainers' tools and in from other machines: `rapport export` writes CSV (one
//! row per session) or xAPI 1.0.3 statements; `rapport import` reads either back, replays
//! every session through the engine and refuses any whose scores do not match, so a
//! hand-edited score cannot climb a leaderboard.

pub mod claimed;
pub mod csv;
pub mod import;
pub mod xapi;

use std::collections::HashMap;
use std::sync::Arc;

use rapport_core::scenario::model::Scenario;
use rapport_core::session::Choice;

/// Scenarios by content hash: the exact versions sessions can be replayed on.
#[derive(Debug, Default, Clone)]
pub struct Versions {
    by_hash: HashMap<String, Arc<Scenario>>,
}

impl Versions {
    pub fn new(scenarios: impl IntoIterator<Item = Arc<Scenario>>) -> Self {
        Versions {
            by_hash: scenarios
                .into_iter()
                .map(|scenario| (scenario.content_hash.0.clone(), scenario))
                .collect(),
        }
    }

    /// The scenario with this content hash.
    pub fn get(&self, hash: &str) -> Option<&Arc<Scenario>> {
        self.by_hash.get(hash)
    }

    /// The versions of scenario `id` that are here.
    pub fn hashes_of(&self, id: &str) -> Vec<&str> {
        let mut hashes: Vec<&str> = self
            .by_hash
            .values()
            .filter(|scenario| scenario.meta.id == id)
            .map(|scenario| scenario.content_hash.0.as_str())
            .collect();
        hashes.sort_unstable();
        hashes
    }

    /// The scenario's title, if any version of it is here.
    pub fn title(&self, id: &str) -> Option<&str> {
        self.by_hash
            .values()
            .find(|scenario| scenario.meta.id == id)
            .map(|scenario| scenario.meta.title.as_str())
    }
}

/// A choice as exports write it: the response's position in the node as authored (0-based),
/// or `silence`.
pub fn choice_token(choice: Choice) -> String {
    match choice {
        Choice::Response(index) => index.to_string(),
        Choice::Silence => "silence".to_owned(),
    }
}

/// Reads a choice written by [`choice_token`].
pub fn parse_choice(token: &str) -> Option<Choice> {
    match token {
        "silence" => Some(Choice::Silence),
        number => number.parse().ok().map(Choice::Response),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_back() {
        for choice in [Choice::Response(0), Choice::Response(7), Choice::Silence] {
            assert_eq!(parse_choice(&choice_token(choice)), Some(choice));
        }
        assert_eq!(parse_choice("-1"), None);
        assert_eq!(parse_choice("300"), None);
    }
}
