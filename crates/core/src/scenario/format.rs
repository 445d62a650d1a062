//! The scenario file as a trainer writes it: serde types that mirror the RON text one to one.
//!
//! Nothing here is checked beyond what serde checks (field names and types); `validate` turns a
//! [`ScenarioFile`] into a [`crate::scenario::Scenario`] the engine can run, or into located
//! diagnostics. Field order here is the order `docs/scenario-format.md` documents.

use serde::{Deserialize, Serialize};

/// The one format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Must be [`FORMAT_VERSION`]; lets later formats be migrated instead of misread.
    pub format_version: u32,
    /// Stable identifier: results and leaderboards are keyed by it.
    pub id: String,
    pub title: String,
    /// One line for the scenario picker.
    pub summary: String,
    /// 1 (gentle) to 5 (hardest).
    pub difficulty: u8,
    pub channel: Channel,
    /// The skills this scenario sets out to train.
    pub skills: Vec<Skill>,
    pub estimated_minutes: u16,
    pub customer: CustomerSpec,
    /// What the customer is worth to the business in a year. Optional: without it the
    /// scenario has no money in its score (see `docs/scoring.md`).
    #[serde(default)]
    pub customer_value: Option<ValueSpec>,
    /// Id of the node the conversation opens with.
    pub start: String,
    /// Id of the ending reached when the customer's patience runs out, or when the
    /// conversation reaches `max_turns` without an ending.
    pub walkout: String,
    /// Longest conversation, in trainee turns, before the customer walks out.
    #[serde(default = "default_max_turns")]
    pub max_turns: u16,
    /// Show responses in a seeded random order, so the best reply is not always first.
    #[serde(default = "default_true")]
    pub shuffle_responses: bool,
    /// `false` for a tutorial that teaches the screen: it is played and coached like any
    /// scenario, but its debrief gives no score and nothing is stored or ranked.
    #[serde(default = "default_true")]
    pub scored: bool,
    pub nodes: Vec<NodeSpec>,
    pub endings: Vec<EndingSpec>,
}

fn default_max_turns() -> u16 {
    30
}

fn default_true() -> bool {
    true
}

/// Who the trainee is talking to, and how they start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerSpec {
    pub name: String,
    /// What happened before the conversation, shown to the trainee.
    pub situation: String,
    /// Starting meters, 0-100.
    pub satisfaction: i32,
    pub trust: i32,
    pub patience: i32,
    #[serde(default)]
    pub traits: Vec<Trait>,
    /// Who the customer looks like: a shipped portrait's id (`rapport_core::portrait`); the
    /// session's seed picks one when none is named.
    #[serde(default)]
    pub portrait: Option<String>,
}

/// What a customer is worth to the business: revenue a year, in whole units of a currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    /// Revenue a year, in whole units of `currency`; 1 to [`MAX_AMOUNT`].
    pub per_year: i64,
    /// A symbol written before the amount (`"£"`, `"$"`, `"€"`) or a code written after it
    /// (`"EUR"`, `"credits"`).
    pub currency: String,
}

/// Largest amount of money a scenario may name (a customer's value or a reply's cost).
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// Largest effort one reply may cost the customer.
pub const MAX_EFFORT: i64 = 10;

/// Longest takeaway, in characters: one line on the coaching card.
pub const MAX_TAKEAWAY_CHARS: usize = 120;

/// Most example phrasings one reply may carry.
pub const MAX_EXAMPLES: usize = 20;

/// One moment of the conversation: the customer speaks, the trainee answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    pub id: String,
    /// Who says this node's lines when it is not the customer ("Priya, team manager"); the
    /// meters stay the customer's.
    #[serde(default)]
    pub speaker: Option<String>,
    /// Stage direction shown in italics ("sighs loudly").
    #[serde(default)]
    pub direction: Option<String>,
    /// What the customer says: one variant is picked at random (seeded) on each visit.
    pub says: Vec<String>,
    /// Lines said before the variant when their conditions hold, e.g. a customer who
    /// remembers being interrupted. Only the first one that holds is said.
    #[serde(default)]
    pub reactions: Vec<ReactionSpec>,
    /// May be left out at a node with a time limit, where silence is the only way on.
    #[serde(default)]
    pub responses: Vec<ResponseSpec>,
    /// What happens if the trainee says nothing for a while.
    #[serde(default)]
    pub time_limit: Option<TimeLimitSpec>,
}

/// A conditional line of the customer's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReactionSpec {
    pub when: Vec<Condition>,
    pub says: String,
}

/// One reply the trainee can give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    pub text: String,
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub pitfalls: Vec<Pitfall>,
    #[serde(default)]
    pub effect: Effect,
    /// Why this reply helps or hurts: shown right after it is chosen.
    pub coaching: String,
    /// The lesson in one line (at most [`MAX_TAKEAWAY_CHARS`] characters): what the coaching
    /// card shows first, with the full `coaching` on demand.
    #[serde(default)]
    pub takeaway: Option<String>,
    /// Id of the next node or ending.
    pub next: String,
    /// Other ways a trainee might type this reply in their own words (at most
    /// [`MAX_EXAMPLES`]): when replies are typed, they count as the reply.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Offered only when all of these hold.
    #[serde(default)]
    pub requires: Vec<Condition>,
    #[serde(default)]
    pub sets: Vec<String>,
    #[serde(default)]
    pub clears: Vec<String>,
    /// How serious this reply's pitfalls are, when not their kind's default (see
    /// [`Pitfall::default_severity`]).
    #[serde(default)]
    pub severity: Option<PitfallSeverity>,
    /// Effort the reply puts on the customer beyond the turn itself: a transfer, asking them
    /// to repeat what they said, sending them to another channel. 0 to [`MAX_EFFORT`].
    #[serde(default)]
    pub effort: i64,
    /// What the reply gives away, in whole units of the scenario's `customer_value`
    /// currency: a credit, a refund, staff time. 0 to [`MAX_AMOUNT`].
    #[serde(default)]
    pub cost: i64,
}

/// What silence costs at a node with a time limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimitSpec {
    pub seconds: u32,
    /// What the wait stands for in the story ("two days", "overnight") when it is not the
    /// `seconds` themselves, as in email: the seconds stay the trainee's time to answer.
    #[serde(default)]
    pub story_time: Option<String>,
    #[serde(default)]
    pub effect: Effect,
    #[serde(default)]
    pub pitfalls: Vec<Pitfall>,
    pub coaching: String,
    /// The lesson in one line, as for a reply.
    #[serde(default)]
    pub takeaway: Option<String>,
    pub next: String,
    #[serde(default)]
    pub sets: Vec<String>,
    /// How serious the silence's pitfalls are, when not their kind's default.
    #[serde(default)]
    pub severity: Option<PitfallSeverity>,
}

/// How the conversation ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndingSpec {
    pub id: String,
    pub outcome: Outcome,
    /// Closing text shown when this ending is reached.
    pub text: String,
    /// The ending the scenario teaches, whatever its outcome (a policy kept kindly, a
    /// complaint escalated correctly): scored with the weight and caps of `Resolved`.
    #[serde(default)]
    pub intended: bool,
}

/// Change to the customer's meters, each -100 to 100. Omitted meters do not change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Effect {
    pub satisfaction: i32,
    pub trust: i32,
    pub patience: i32,
}

/// A test on flags or meters that gates a response or a reaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The flag has been set.
    Flag(String),
    /// The flag has not been set (or was cleared).
    NotFlag(String),
    /// The meter is at least this value.
    AtLeast(Meter, i32),
    /// The meter is below this value.
    Below(Meter, i32),
}

/// The three things the customer feels, each 0-100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Meter {
    Satisfaction,
    Trust,
    Patience,
}

/// How the customer reached the trainee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Phone,
    Chat,
    InPerson,
    Email,
}

/// Service skills a response can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Skill {
    Empathy,
    ActiveListening,
    Ownership,
    Clarity,
    ProblemSolving,
    Professionalism,
}

/// Habits that hurt a conversation; each undermines one skill (see [`Pitfall::undermines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Pitfall {
    Blame,
    Jargon,
    Dismissiveness,
    OverPromising,
    Interrupting,
    Rushing,
    PolicyHiding,
    Defensiveness,
    /// Skipping a control: an identity or security check, an approval, a required disclosure.
    BypassingControls,
    /// Working the measure instead of the customer: "give us a 10", closing early to hit a
    /// target.
    GamingMetrics,
    /// A typed reply the customer could not make sense of (off the subject, rude or empty).
    /// Recorded by the game, not written in scenarios.
    Unclear,
}

/// How much a pitfall hurts: it weighs the skill points it costs and the value it takes off
/// the conversation (see `docs/scoring.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PitfallSeverity {
    /// A habit that grates: jargon, interrupting, rushing.
    Minor,
    /// A habit that damages the relationship: blame, dismissiveness, over-promising.
    Major,
    /// A breach: a control skipped, a customer put at risk.
    Critical,
}

/// Temperaments that change how the customer's meters move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Trait {
    /// Patience losses are half as large again.
    Impatient,
    /// Trust gains are halved.
    Skeptical,
    /// Satisfaction losses are halved.
    Forgiving,
    /// Satisfaction changes, up or down, are half as large again.
    Volatile,
    /// Trust losses are halved.
    Loyal,
}

/// How an ending leaves the customer's problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Resolved,
    PartlyResolved,
    Escalated,
    CustomerLost,
}

impl Skill {
    /// Every skill, in the order reports list them.
    pub const ALL: [Skill; 6] = [
        Skill::Empathy,
        Skill::ActiveListening,
        Skill::Ownership,
        Skill::Clarity,
        Skill::ProblemSolving,
        Skill::Professionalism,
    ];

    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Skill::Empathy => "empathy",
            Skill::ActiveListening => "active listening",
            Skill::Ownership => "ownership",
            Skill::Clarity => "clarity",
            Skill::ProblemSolving => "problem solving",
            Skill::Professionalism => "professionalism",
        }
    }

    /// Position in [`Skill::ALL`], for per-skill arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Pitfall {
    /// The skill a pitfall works against: falling into it costs a point of that skill.
    pub fn undermines(self) -> Skill {
        match self {
            Pitfall::Blame | Pitfall::PolicyHiding => Skill::Ownership,
            Pitfall::Jargon => Skill::Clarity,
            Pitfall::Dismissiveness => Skill::Empathy,
            Pitfall::OverPromising => Skill::ProblemSolving,
            Pitfall::Interrupting | Pitfall::Rushing => Skill::ActiveListening,
            Pitfall::Defensiveness | Pitfall::BypassingControls | Pitfall::GamingMetrics => {
                Skill::Professionalism
            }
            Pitfall::Unclear => Skill::Clarity,
        }
    }

    /// How serious the pitfall is unless a reply says otherwise: minor for habits that grate,
    /// major for habits that damage the relationship, critical for a breach.
    pub fn default_severity(self) -> PitfallSeverity {
        match self {
            Pitfall::Jargon | Pitfall::Interrupting | Pitfall::Rushing | Pitfall::Unclear => {
                PitfallSeverity::Minor
            }
            Pitfall::Blame
            | Pitfall::Dismissiveness
            | Pitfall::OverPromising
            | Pitfall::PolicyHiding
            | Pitfall::Defensiveness
            | Pitfall::GamingMetrics => PitfallSeverity::Major,
            Pitfall::BypassingControls => PitfallSeverity::Critical,
        }
    }

    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Pitfall::Blame => "blame",
            Pitfall::Jargon => "jargon",
            Pitfall::Dismissiveness => "dismissiveness",
            Pitfall::OverPromising => "over-promising",
            Pitfall::Interrupting => "interrupting",
            Pitfall::Rushing => "rushing to a fix",
            Pitfall::PolicyHiding => "hiding behind policy",
            Pitfall::Defensiveness => "defensiveness",
            Pitfall::BypassingControls => "bypassing a control",
            Pitfall::GamingMetrics => "gaming a metric",
            Pitfall::Unclear => "a reply that made no sense",
        }
    }

    /// Every pitfall, in the order the format lists them.
    pub const ALL: [Pitfall; 11] = [
        Pitfall::Blame,
        Pitfall::Jargon,
        Pitfall::Dismissiveness,
        Pitfall::OverPromising,
        Pitfall::Interrupting,
        Pitfall::Rushing,
        Pitfall::PolicyHiding,
        Pitfall::Defensiveness,
        Pitfall::BypassingControls,
        Pitfall::GamingMetrics,
        Pitfall::Unclear,
    ];
}

impl PitfallSeverity {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            PitfallSeverity::Minor => "minor",
            PitfallSeverity::Major => "major",
            PitfallSeverity::Critical => "critical",
        }
    }
}

impl Meter {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Meter::Satisfaction => "satisfaction",
            Meter::Trust => "trust",
            Meter::Patience => "patience",
        }
    }
}

impl Channel {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::InPerson => "in person",
            Channel::Email => "email",
        }
    }
}

impl Outcome {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::PartlyResolved => "partly resolved",
            Outcome::Escalated => "escalated",
            Outcome::CustomerLost => "customer lost",
        }
    }
}
