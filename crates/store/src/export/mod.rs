//! Results out to trainers' tools and in from other machines: `rapport export` writes CSV (one
//! row per session) or xAPI 1.0.3 statements; `rapport import` reads either back, replays
//! every session through the engine and refuses any whose scores do not match, so a
//! hand-edited score cannot climb a leaderboard.

pub mod claimed;
pub mod csv;
pub mod import;
pub mod xapi;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rapport_core::analysis::cache::prepare;
use rapport_core::analysis::table::ValueTable;
use rapport_core::debrief::{Debrief, DebriefError};
use rapport_core::scenario::model::Scenario;
use rapport_core::session::{Choice, Session, State};

/// Scenarios by content hash: the exact versions sessions can be replayed on.
#[derive(Debug, Default, Clone)]
pub struct Versions {
    by_hash: HashMap<String, Arc<Scenario>>,
    /// The values of each version and start analysed so far: an import of a thousand sessions
    /// of one scenario analyses it once, not a thousand times.
    tables: Arc<Mutex<ValueTables>>,
}

type ValueTables = HashMap<(String, State), Option<Arc<ValueTable>>>;

impl Versions {
    pub fn new(scenarios: impl IntoIterator<Item = Arc<Scenario>>) -> Self {
        Versions {
            by_hash: scenarios
                .into_iter()
                .map(|scenario| (scenario.content_hash.0.clone(), scenario))
                .collect(),
            tables: Arc::default(),
        }
    }

    /// The debrief of a finished `session`, from the values of its version and start (analysed
    /// the first time they are asked for).
    pub fn debrief(&self, session: &Session) -> Result<Debrief, DebriefError> {
        let key = (
            session.scenario().content_hash.0.clone(),
            session.initial_state(),
        );
        let known = self
            .tables
            .lock()
            .ok()
            .and_then(|tables| tables.get(&key).cloned());
        let table = known.unwrap_or_else(|| {
            let table = prepare(None, session.scenario(), session.initial_state()).map(Arc::new);
            if let Ok(mut tables) = self.tables.lock() {
                tables.insert(key, table.clone());
            }
            table
        });
        Debrief::with_prepared(session, table.as_deref())
    }

    /// Works out the values of every version from its opening now, so the first sessions
    /// scored do not wait for it (a server does this as it starts).
    pub fn prepare_all(&self) {
        for scenario in self.by_hash.values() {
            let initial = Session::new(Arc::clone(scenario), 0).initial_state();
            let key = (scenario.content_hash.0.clone(), initial);
            let known = self
                .tables
                .lock()
                .is_ok_and(|tables| tables.contains_key(&key));
            if known {
                continue;
            }
            let table = prepare(None, scenario, initial).map(Arc::new);
            if let Ok(mut tables) = self.tables.lock() {
                tables.insert(key, table);
            }
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
/// `silence`, or `unclear` (a typed reply nothing matched).
pub fn choice_token(choice: Choice) -> String {
    match choice {
        Choice::Response(index) => index.to_string(),
        Choice::Silence => "silence".to_owned(),
        Choice::Unclear => "unclear".to_owned(),
    }
}

/// Reads a choice written by [`choice_token`].
pub fn parse_choice(token: &str) -> Option<Choice> {
    match token {
        "silence" => Some(Choice::Silence),
        "unclear" => Some(Choice::Unclear),
        number => number.parse().ok().map(Choice::Response),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_back() {
        for choice in [
            Choice::Response(0),
            Choice::Response(7),
            Choice::Silence,
            Choice::Unclear,
        ] {
            assert_eq!(parse_choice(&choice_token(choice)), Some(choice));
        }
        assert_eq!(parse_choice("-1"), None);
        assert_eq!(parse_choice("300"), None);
    }
}
