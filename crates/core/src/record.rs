//! What a session leaves behind: what was played (the trainee, the scenario version, the seed
//! and every choice with its timing) and the figures computed from it (ending, score, CSAT,
//! NPS, retention, per-skill scores). This is what the store keeps, exports write and imports
//! verify; the debrief, a display for one screen, is never stored.

use serde::{Deserialize, Serialize};

use crate::debrief::Debrief;
use crate::scenario::format::{Pitfall, Skill};
use crate::scoring::SCORING_MODEL;
use crate::session::{Choice, Session, SessionRecord};
use crate::trainee::Trainee;
use crate::understand::Understood;
use crate::understand::technique::Finding;

/// The figures a finished session earned (absent for an abandoned one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOutcome {
    /// The ending's id in the scenario.
    pub ending: String,
    pub score: u8,
    pub csat: u8,
    pub nps: u8,
    /// "stays", "at risk" or "leaves".
    pub retention: String,
    /// Per-skill scores (0-100) for the skills the scenario trains, in skill order.
    pub skills: Vec<SkillScore>,
}

/// The scoring model of a session kept before models were recorded: the first.
pub fn first_scoring_model() -> u32 {
    1
}

/// One skill's score in a finished session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillScore {
    pub skill: Skill,
    /// 0-100: the share of the points the scenario's best path earns for this skill.
    pub score: u8,
}

impl SessionOutcome {
    /// The figures of a finished session, from its debrief.
    pub fn of(debrief: &Debrief) -> Self {
        SessionOutcome {
            ending: debrief.ending.clone(),
            score: debrief.score,
            csat: debrief.customer.csat,
            nps: debrief.customer.nps,
            retention: debrief.customer.retention.label().to_owned(),
            skills: debrief
                .skills
                .iter()
                .filter_map(|result| {
                    Some(SkillScore {
                        skill: result.skill,
                        score: result.score?,
                    })
                })
                .collect(),
        }
    }
}

/// One choice of a session and where it left the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnData {
    pub node: String,
    pub choice: Choice,
    /// The trainee's words; empty for silence.
    pub reply: String,
    /// From the customer starting to speak to the choice, when it was timed.
    pub millis: Option<u32>,
    pub satisfaction: u8,
    pub trust: u8,
    pub patience: u8,
    /// The change each meter felt, in the same order.
    pub changes: [i16; 3],
    pub skills: Vec<Skill>,
    pub pitfalls: Vec<Pitfall>,
    /// The trainee's own words, when they typed this reply instead of choosing it; `choice`
    /// is what the words were understood as, so replay needs only the choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<TypedReply>,
}

/// How a typed reply came to be taken as a reply on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Understanding {
    /// The matcher was sure which reply the words meant.
    Sure,
    /// The matcher was torn between two, and the trainee said which they meant.
    Picked,
    /// Nothing on offer was close: the customer asked what they meant.
    Unclear,
}

impl Understanding {
    /// As exports and the debrief write it.
    pub fn label(self) -> &'static str {
        match self {
            Understanding::Sure => "sure",
            Understanding::Picked => "picked",
            Understanding::Unclear => "unclear",
        }
    }
}

/// A reply the trainee typed: their words, what they were understood as, and what they show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedReply {
    pub text: String,
    pub understood: Understanding,
    /// The matcher's score, in thousandths, for the reply taken (for an unclear reply, the
    /// best score there was).
    pub confidence: u16,
    /// The matcher that understood it: "lexical", or the model's name.
    pub matcher: String,
    /// What the words themselves showed (open question, blame, ...).
    pub findings: Vec<Finding>,
}

/// The longest typed reply kept, in characters: a paragraph is plenty for one turn, and a
/// pasted page must not grow every record and export.
pub const MAX_TYPED_CHARS: usize = 600;

impl TypedReply {
    /// `text` as `matcher` understood it: `picked` is the reply the trainee said they meant
    /// when the matcher was torn.
    pub fn new(
        text: &str,
        understood: &Understood,
        picked: Option<Choice>,
        matcher: &str,
        findings: Vec<Finding>,
    ) -> Self {
        let (understanding, score) = match *understood {
            Understood::Sure { confidence, .. } => (Understanding::Sure, confidence),
            Understood::Torn {
                first,
                first_score,
                second_score,
                ..
            } => (
                Understanding::Picked,
                if picked == Some(first) {
                    first_score
                } else {
                    second_score
                },
            ),
            Understood::Unclear { best_score } => (Understanding::Unclear, best_score),
        };
        TypedReply {
            text: text.chars().take(MAX_TYPED_CHARS).collect(),
            understood: understanding,
            confidence: thousandths(score),
            matcher: matcher.to_owned(),
            findings,
        }
    }

    /// The confidence as a share, 0 to 1.
    pub fn confidence_share(&self) -> f64 {
        f64::from(self.confidence) / 1000.0
    }
}

/// A 0-1 score in thousandths, clamped.
pub(crate) fn thousandths(score: f64) -> u16 {
    (score.clamp(0.0, 1.0) * 1000.0).round() as u16
}

/// Everything kept about one session; also what export writes and import reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// A UUID, the same on every machine the session is exported to.
    pub uid: String,
    pub trainee: Trainee,
    pub record: SessionRecord,
    /// `None` when the session was abandoned.
    pub outcome: Option<SessionOutcome>,
    /// The scoring model `outcome` was computed under (see
    /// [`crate::scoring::SCORING_MODEL`]); sessions kept before it was recorded are model 1.
    #[serde(default = "first_scoring_model")]
    pub scoring_model: u32,
    pub turns: Vec<TurnData>,
    /// Unix seconds.
    pub started_at: i64,
    pub ended_at: i64,
    /// The language the session was shown in (a BCP 47 tag: `en`, `es`); what was played and
    /// scored does not depend on it. Sessions kept before it was recorded were in English.
    #[serde(default = "english")]
    pub language: String,
}

/// The language of sessions recorded before languages were.
pub fn english() -> String {
    "en".to_owned()
}

impl SessionData {
    /// A session as played by `trainee`: finished when `debrief` is given, abandoned
    /// otherwise. `millis[i]` is how long the trainee took over choice `i`, when it was timed.
    pub fn of(
        trainee: &Trainee,
        session: &Session,
        debrief: Option<&Debrief>,
        millis: &[u32],
        started_at: i64,
        ended_at: i64,
    ) -> Self {
        SessionData {
            uid: new_uid(),
            trainee: trainee.stored(),
            record: session.record(),
            outcome: debrief.map(SessionOutcome::of),
            scoring_model: SCORING_MODEL,
            turns: turns_of(session, millis),
            started_at,
            ended_at,
            language: english(),
        }
    }

    /// The same session, shown in `language` (a BCP 47 tag).
    pub fn in_language(mut self, language: &str) -> Self {
        self.language = language.to_owned();
        self
    }

    /// The same session with the trainee's words kept on the turns they typed: `typed[i]`
    /// belongs to turn `i`.
    pub fn with_typed(mut self, typed: &[Option<TypedReply>]) -> Self {
        for (turn, typed) in self.turns.iter_mut().zip(typed) {
            turn.typed = typed.clone();
        }
        self
    }

    /// Whether the session was played by typing: every reply the trainee gave was typed (a
    /// silence is neither typed nor chosen). Such sessions are harder and rank on boards of
    /// their own.
    pub fn typed(&self) -> bool {
        let mut replies = self
            .turns
            .iter()
            .filter(|turn| turn.choice != Choice::Silence)
            .peekable();
        replies.peek().is_some() && replies.all(|turn| turn.typed.is_some())
    }

    /// "finished" or "abandoned", as the store and exports write it.
    pub fn status(&self) -> &'static str {
        if self.outcome.is_some() {
            "finished"
        } else {
            "abandoned"
        }
    }
}

/// The turns of `session` as kept.
pub fn turns_of(session: &Session, millis: &[u32]) -> Vec<TurnData> {
    let scenario = session.scenario();
    session
        .transcript()
        .iter()
        .enumerate()
        .map(|(index, exchange)| {
            let meters = exchange.after.meters;
            TurnData {
                node: scenario.nodes[exchange.prompt.node as usize].id.clone(),
                choice: exchange.choice,
                reply: exchange.reply.clone(),
                millis: millis.get(index).copied(),
                satisfaction: meters.satisfaction,
                trust: meters.trust,
                patience: meters.patience,
                changes: [
                    exchange.applied.satisfaction,
                    exchange.applied.trust,
                    exchange.applied.patience,
                ],
                skills: exchange.skills.clone(),
                pitfalls: exchange.pitfalls.clone(),
                typed: None,
            }
        })
        .collect()
}

/// A fresh random UUID (version 4), hyphenated and lower-case.
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// 16 bytes (a hash, say) as a version-4 UUID: the version and variant bits are set, so ids
/// derived from the same bytes are always the same valid UUID.
pub fn uuid_text(bytes: [u8; 16]) -> String {
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Whether `text` is a UUID written as Rapport writes them (36 characters, hyphenated).
pub fn is_uid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_version_4_uuids() {
        let uid = new_uid();
        assert_eq!(uid.len(), 36);
        assert_eq!(&uid[14..15], "4");
        assert!("89ab".contains(&uid[19..20]));
        assert_ne!(uid, new_uid());
        assert!(is_uid(&uid));
        assert_eq!(uuid_text([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert!(!is_uid("0f8fad5b-d9cb-469f-a165-70867728950"));
        assert!(!is_uid("0f8fad5b_d9cb-469f-a165-70867728950e"));
        assert!(!is_uid("{0f8fad5b-d9cb-469f-a165-70867728950e}"));
        assert!(!is_uid("robert'); DROP TABLE sessions;--"));
    }
}
