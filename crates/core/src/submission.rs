//! What a client sends a results server: what was played, never what it scored. The server
//! replays the choices on the scenario version it holds and computes every figure itself; the
//! one figure a client states, the ending, is a claim the replay must confirm.
//!
//! These are the wire shapes (JSON) shared by `rapport serve`, the command line and the game.

use serde::{Deserialize, Serialize};

use crate::record::TypedReply;
use crate::session::Choice;

/// The longest account, cohort or team name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A session the server started: its id and seed are the server's, and the time it issued them
/// bounds how long the trainee can claim to have played.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Play {
    pub uid: String,
    pub content_hash: String,
    pub seed: u64,
    /// The competition the session counts for, if it was started for one.
    #[serde(default)]
    pub competition: Option<i64>,
}

/// Asks the server to start a session of one scenario version. A client that starts playing
/// at once (the game) proposes its own id and seed; the server still stamps the time it heard
/// of the session, which is what bounds the turn times a submission can claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayRequest {
    pub content_hash: String,
    #[serde(default)]
    pub competition: Option<i64>,
    #[serde(default)]
    pub uid: Option<String>,
    #[serde(default)]
    pub seed: Option<u64>,
    /// A trainer starting the session for a trainee of their cohort at the trainer's own
    /// keyboard (a hot-seat match played as a competition round): the trainee's name. The
    /// trainer proctors the session and submits it; it counts as the trainee's.
    #[serde(default)]
    pub player: Option<String>,
}

impl PlayRequest {
    /// A session of `content_hash` (for `competition`) with the server's own id and seed.
    pub fn of(content_hash: &str, competition: Option<i64>) -> Self {
        PlayRequest {
            content_hash: content_hash.to_owned(),
            competition,
            uid: None,
            seed: None,
            player: None,
        }
    }
}

/// A finished or abandoned session as a client submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The id the server issued with [`Play`], or, for a session started while the server
    /// could not be reached, one the client made (see `offline`).
    pub uid: String,
    pub scenario_id: String,
    pub content_hash: String,
    pub seed: u64,
    pub choices: Vec<Choice>,
    /// Milliseconds the trainee took over each choice, as the client measured them.
    pub millis: Vec<u32>,
    /// The ending the client reached; `None` for an abandoned session.
    pub ending: Option<String>,
    /// Started without the server: the id and seed are the client's own, so the server keeps
    /// the session but cannot rank it.
    #[serde(default)]
    pub offline: bool,
    /// The trainee's words for each turn they typed (`None` for a chosen reply); empty when
    /// nothing was typed. The server understands them again before it believes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typed: Vec<Option<TypedReply>>,
    /// The language the session was shown in (a BCP 47 tag); English when absent. It changes
    /// only the words shown, never what is scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Submission {
    /// A stable digest of everything submitted: the same session sent twice has the same one,
    /// so a retry is recognised and different content under the same id is refused.
    pub fn fingerprint(&self) -> String {
        // RON, the core's own serializer, writes the same text for the same value.
        let text = ron::to_string(self).unwrap_or_default();
        blake3::hash(text.as_bytes()).to_hex().to_string()
    }
}

/// What the server computed from a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub uid: String,
    /// `None` for an abandoned session.
    pub score: Option<u8>,
    pub ending: Option<String>,
    pub csat: Option<u8>,
    pub nps: Option<u8>,
    pub retention: Option<String>,
    /// Whether it counts on the boards (an offline session does not).
    pub ranked: bool,
    /// Unix milliseconds when the server received it.
    pub received_at_ms: i64,
    /// True when this id was already stored with the same content (a retry).
    pub already_stored: bool,
    /// Whether it was played by typing, and so ranks on the typed boards.
    #[serde(default)]
    pub typed: bool,
    /// Why the trainee's words were not kept, when they did not read as the replies recorded
    /// (the session is kept, and ranks as chosen).
    #[serde(default)]
    pub words_not_kept: Option<String>,
}

/// Signing in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub name: String,
    pub password: String,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A password never reaches a log through a debug print.
        f.debug_struct("SignIn")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Who signed in, and the token that stands for them until it is revoked.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub account: Account,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// What an account can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Creates trainers; sees everything.
    Admin,
    /// Creates cohorts, teams and trainees, and competitions for their cohorts.
    Trainer,
    /// Plays and sees their own cohort's boards.
    Trainee,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Trainer => "trainer",
            Role::Trainee => "trainee",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        [Role::Admin, Role::Trainer, Role::Trainee]
            .into_iter()
            .find(|role| role.label() == label)
    }
}

/// An account as the server shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// A trainee's cohort.
    pub cohort: Option<String>,
    /// A trainee's team in that cohort; empty for none.
    #[serde(default)]
    pub team: String,
}

/// A new account: a trainer made by an admin, or a trainee enrolled by a trainer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    pub name: String,
    pub password: String,
    pub role: Role,
    /// Required for a trainee: the cohort (one of the trainer's) they are enrolled in.
    #[serde(default)]
    pub cohort: Option<String>,
    #[serde(default)]
    pub team: String,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("cohort", &self.cohort)
            .field("team", &self.team)
            .finish_non_exhaustive()
    }
}

/// A name with nothing to create but the name (a cohort, a team).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub name: String,
}

/// A scenario version the server holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioVersion {
    pub id: String,
    pub title: String,
    pub content_hash: String,
    pub scored: bool,
}

/// A competition: scenario versions pinned by content hash, a window, the teams it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competition {
    /// Set by the server.
    #[serde(default)]
    pub id: i64,
    pub name: String,
    pub cohort: String,
    pub content_hashes: Vec<String>,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// The teams that compete; empty for every team of the cohort.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Coaching held for the debrief (the game's assessment mode).
    #[serde(default)]
    pub assessment: bool,
}

/// One trainee's line on a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardLine {
    pub name: String,
    pub team: String,
    pub best: u8,
    pub sessions: u32,
}

/// One team's line on a board: the average of its members' bests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamLine {
    pub team: String,
    pub average_of_bests: f64,
    pub members: u32,
}

/// A board of one scenario version in one cohort (or one competition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub scenario_id: String,
    pub content_hash: String,
    pub cohort: String,
    pub competition: Option<i64>,
    /// The board of sessions played by typing (they rank apart: they are harder).
    #[serde(default)]
    pub typed: bool,
    pub trainees: Vec<BoardLine>,
    pub teams: Vec<TeamLine>,
}

/// An error the server explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub error: String,
}

/// Whether `name` can name an account, cohort or team: 1 to [`MAX_NAME_CHARS`] characters
/// after trimming, none of them a control character (which could rewrite a terminal or a
/// log line when the name is shown).
pub fn check_name(name: &str) -> Result<&str, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a name cannot be empty".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "a name can have at most {MAX_NAME_CHARS} characters"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("a name cannot contain control characters".into());
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(check_name("  Dana  "), Ok("Dana"));
        assert!(check_name("   ").is_err());
        assert!(check_name("Dana\u{1b}[2J").is_err());
        assert!(check_name("Dana\nAdmin").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(check_name("Zoë Ōkubo"), Ok("Zoë Ōkubo"));
    }

    #[test]
    fn a_fingerprint_changes_with_any_played_detail() {
        let submission = Submission {
            uid: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            scenario_id: "demo".into(),
            content_hash: "abc".into(),
            seed: 7,
            choices: vec![Choice::Response(1)],
            millis: vec![1200],
            ending: Some("done".into()),
            offline: false,
            typed: Vec::new(),
            language: None,
        };
        assert_eq!(submission.fingerprint(), submission.clone().fingerprint());
        let slower = Submission {
            millis: vec![1300],
            ..submission.clone()
        };
        assert_ne!(submission.fingerprint(), slower.fingerprint());
    }

    #[test]
    fn a_password_never_shows_in_a_debug_print() {
        let sign_in = SignIn {
            name: "Dana".into(),
            password: "hunter2-secret".into(),
        };
        assert!(!format!("{sign_in:?}").contains("hunter2"));
        let account = NewAccount {
            name: "Dana".into(),
            password: "hunter2-secret".into(),
            role: Role::Trainee,
            cohort: None,
            team: String::new(),
        };
        assert!(!format!("{account:?}").contains("hunter2"));
    }
}

/// How a cohort played one scenario version, for the author view's map: each reply chosen at
/// each node, how often, and the average final score of the finished sessions that chose it;
/// and how many finished sessions reached each ending. Only finished sessions count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortChoices {
    pub cohort: String,
    pub content_hash: String,
    /// Finished sessions of the version.
    pub sessions: u32,
    pub choices: Vec<ChoiceFigures>,
    /// Ending id and sessions that reached it.
    pub endings: Vec<(String, u32)>,
}

/// One reply at one node, as a cohort chose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceFigures {
    pub node: String,
    pub choice: Choice,
    pub times: u32,
    /// The average final score (0-100) of the sessions that made this choice.
    pub average_score: f64,
}
