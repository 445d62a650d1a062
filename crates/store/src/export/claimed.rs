//! What an export file says about a session, read by the CSV or xAPI reader and not yet
//! believed: `import::verify` replays it before anything is stored.

use rapport_core::record::TypedReply;
use rapport_core::session::Choice;
use rapport_core::trainee::Trainee;
use serde::{Deserialize, Serialize};

/// What an exported session says about itself, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claimed {
    pub uid: String,
    pub trainee: Trainee,
    pub scenario_id: String,
    pub content_hash: String,
    pub seed: u64,
    pub choices: Vec<Choice>,
    /// Milliseconds per choice, where they were timed.
    pub millis: Vec<Option<u32>>,
    /// The trainee's words per turn, where they typed; checked like the choices.
    #[serde(default)]
    pub typed: Vec<Option<TypedReply>>,
    /// `None` for an abandoned session.
    pub outcome: Option<ClaimedOutcome>,
    /// The scoring model the outcome was computed under; 1 for an export written before
    /// models were recorded.
    pub scoring_model: u32,
    pub started_at: i64,
    pub ended_at: i64,
    /// The language the session was shown in (`en` for an export from before languages).
    #[serde(default = "rapport_core::record::english")]
    pub language: String,
}

/// A language tag as an export names it, reduced to its language (`en-US` is `en`): the
/// language of a session, never a place. `None` for text that is no tag.
pub fn language_of(tag: &str) -> Option<String> {
    let language = tag.split(['-', '_']).next().unwrap_or_default();
    let plausible =
        (2..=8).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
    plausible.then(|| language.to_ascii_lowercase())
}

/// The headline figures a finished session claims; the replay recomputes all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimedOutcome {
    /// The ending's id in the scenario.
    pub ending: String,
    pub score: u8,
    pub csat: u8,
    pub nps: u8,
    /// "stays", "at risk" or "leaves".
    pub retention: String,
}

/// A trainer's import of one exported session into a results server, for one of their cohorts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub cohort: String,
    pub session: Claimed,
}
