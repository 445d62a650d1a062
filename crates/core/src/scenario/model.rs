//! A validated scenario, compiled for the engine: ids resolved to indices, flags to bits.
//!
//! Only `validate::compile` builds one, so every index in it is in bounds and every invariant
//! `docs/scenario-format.md` promises holds.

use serde::Serialize;

use super::format::{Channel, Meter, Outcome, Pitfall, PitfallSeverity, Skill, Trait};

/// Index of a node in [`Scenario::nodes`].
pub type NodeIndex = u32;
/// Index of an ending in [`Scenario::endings`].
pub type EndingIndex = u32;

/// A scenario ready to play and analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub meta: Meta,
    pub customer: Customer,
    /// What the customer is worth a year, when the scenario says: it puts money in the score.
    pub customer_value: Option<CustomerValue>,
    pub start: NodeIndex,
    pub walkout: EndingIndex,
    pub max_turns: u16,
    pub shuffle_responses: bool,
    pub nodes: Vec<Node>,
    pub endings: Vec<Ending>,
    /// Flag names; a flag's bit in [`FlagSet`] is its position here.
    pub flag_names: Vec<String>,
    /// Hash of the file's bytes: a session record names the exact version it was played on.
    pub content_hash: ContentHash,
}

/// What the picker and reports show about a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub difficulty: u8,
    pub channel: Channel,
    pub skills: Vec<Skill>,
    pub estimated_minutes: u16,
    /// `false` for a tutorial: no score in its debrief, nothing stored or ranked.
    pub scored: bool,
}

/// The customer and how they start.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub name: String,
    pub situation: String,
    pub start: Meters,
    pub traits: Vec<Trait>,
    /// A shipped portrait's id, when the scenario names one.
    pub portrait: Option<String>,
}

/// Revenue a year from the customer, in whole units of a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerValue {
    pub per_year: u32,
    pub currency: String,
}

impl CustomerValue {
    /// `amount` in this currency as a trainee reads it: "£480" for a symbol, "480 EUR" for a
    /// code or a word.
    pub fn format(&self, amount: u64) -> String {
        let symbol =
            self.currency.chars().count() == 1 && !self.currency.chars().all(char::is_alphanumeric);
        if symbol {
            format!("{}{amount}", self.currency)
        } else {
            format!("{amount} {}", self.currency)
        }
    }
}

/// One moment of the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    /// Who says the node's lines, when it is not the customer.
    pub speaker: Option<String>,
    pub direction: Option<String>,
    pub says: Vec<String>,
    pub reactions: Vec<Reaction>,
    pub responses: Vec<Response>,
    pub silence: Option<Silence>,
}

/// A conditional line of the customer's.
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    pub when: Vec<Condition>,
    pub says: String,
}

/// One reply the trainee can give.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub text: String,
    pub skills: Vec<Skill>,
    pub pitfalls: Vec<Pitfall>,
    pub effect: Delta,
    pub coaching: String,
    /// The lesson in one line, when the author wrote one.
    pub takeaway: Option<String>,
    pub next: Target,
    /// Other phrasings of the reply, for understanding typed replies.
    pub examples: Vec<String>,
    pub requires: Vec<Condition>,
    pub sets: FlagSet,
    pub clears: FlagSet,
    /// The authored severity of this reply's pitfalls, when not their default.
    pub severity: Option<PitfallSeverity>,
    /// Effort the reply puts on the customer beyond the turn itself.
    pub effort: u8,
    /// What the reply gives away, in the currency of [`Scenario::customer_value`].
    pub cost: u32,
}

/// What happens when the trainee lets a node's time limit run out.
#[derive(Debug, Clone, PartialEq)]
pub struct Silence {
    pub seconds: u32,
    /// What the wait stands for in the story ("two days"), when the author says.
    pub story_time: Option<String>,
    pub effect: Delta,
    pub pitfalls: Vec<Pitfall>,
    pub coaching: String,
    /// The lesson in one line, when the author wrote one.
    pub takeaway: Option<String>,
    pub next: Target,
    pub sets: FlagSet,
    /// The authored severity of the silence's pitfalls, when not their default.
    pub severity: Option<PitfallSeverity>,
}

/// How a conversation ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    pub id: String,
    pub outcome: Outcome,
    pub text: String,
    /// The ending the scenario teaches: scored as `Resolved` whatever its outcome.
    pub intended: bool,
}

/// Where a choice leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Node(NodeIndex),
    Ending(EndingIndex),
}

/// A compiled condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Flag(u8),
    NotFlag(u8),
    AtLeast(Meter, u8),
    Below(Meter, u8),
}

/// The customer's three meters, each 0-100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Meters {
    pub satisfaction: u8,
    pub trust: u8,
    pub patience: u8,
}

/// A change to the meters (authored, or as applied after traits and clamping).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Delta {
    pub satisfaction: i16,
    pub trust: i16,
    pub patience: i16,
}

/// Up to 128 flags as bits; [`Scenario::flag_names`] names them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlagSet(pub u128);

/// Hex BLAKE3 hash of a scenario file's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct ContentHash(pub String);

impl ContentHash {
    /// Hash of the given file content.
    pub fn of(bytes: &[u8]) -> Self {
        ContentHash(blake3::hash(bytes).to_hex().to_string())
    }
}

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A pitfall as it was fallen into: its kind and how serious it was here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RatedPitfall {
    pub pitfall: Pitfall,
    pub severity: PitfallSeverity,
}

/// Each of `pitfalls` at `severity`, or at its kind's default where no severity is given.
pub fn rated(
    pitfalls: &[Pitfall],
    severity: Option<PitfallSeverity>,
) -> impl Iterator<Item = RatedPitfall> + '_ {
    pitfalls.iter().map(move |&pitfall| RatedPitfall {
        pitfall,
        severity: severity.unwrap_or(pitfall.default_severity()),
    })
}

impl Response {
    /// This reply's pitfalls with their severities.
    pub fn rated_pitfalls(&self) -> impl Iterator<Item = RatedPitfall> + '_ {
        rated(&self.pitfalls, self.severity)
    }
}

impl Silence {
    /// The silence's pitfalls with their severities.
    pub fn rated_pitfalls(&self) -> impl Iterator<Item = RatedPitfall> + '_ {
        rated(&self.pitfalls, self.severity)
    }
}

impl Meters {
    /// Value of one meter.
    pub fn get(&self, meter: Meter) -> u8 {
        match meter {
            Meter::Satisfaction => self.satisfaction,
            Meter::Trust => self.trust,
            Meter::Patience => self.patience,
        }
    }
}

impl Delta {
    /// Value of one meter's change.
    pub fn get(&self, meter: Meter) -> i16 {
        match meter {
            Meter::Satisfaction => self.satisfaction,
            Meter::Trust => self.trust,
            Meter::Patience => self.patience,
        }
    }

    /// The change that takes `before` to `after`.
    pub fn between(before: Meters, after: Meters) -> Self {
        Delta {
            satisfaction: i16::from(after.satisfaction) - i16::from(before.satisfaction),
            trust: i16::from(after.trust) - i16::from(before.trust),
            patience: i16::from(after.patience) - i16::from(before.patience),
        }
    }
}

impl FlagSet {
    /// Whether flag `bit` is set.
    pub fn contains(self, bit: u8) -> bool {
        self.0 & (1u128 << bit) != 0
    }

    /// This set with `bit` added.
    pub fn with(self, bit: u8) -> Self {
        FlagSet(self.0 | (1u128 << bit))
    }

    /// Flags set in either.
    pub fn union(self, other: FlagSet) -> Self {
        FlagSet(self.0 | other.0)
    }

    /// This set without the flags in `other`.
    pub fn without(self, other: FlagSet) -> Self {
        FlagSet(self.0 & !other.0)
    }

    /// Bits that are set, lowest first.
    pub fn bits(self) -> impl Iterator<Item = u8> {
        (0..128u8).filter(move |bit| self.contains(*bit))
    }
}

impl Scenario {
    /// The node at `index`.
    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.nodes[index as usize]
    }

    /// The ending at `index`.
    pub fn ending(&self, index: EndingIndex) -> &Ending {
        &self.endings[index as usize]
    }

    /// Names of the flags in `flags`, for transcripts and reports.
    pub fn flag_list(&self, flags: FlagSet) -> Vec<&str> {
        flags
            .bits()
            .filter_map(|bit| self.flag_names.get(usize::from(bit)).map(String::as_str))
            .collect()
    }

    /// Id of the node or ending a target names.
    pub fn target_id(&self, target: Target) -> &str {
        match target {
            Target::Node(node) => &self.node(node).id,
            Target::Ending(ending) => &self.ending(ending).id,
        }
    }
}
