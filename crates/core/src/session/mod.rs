//! The conversation engine: a [`Session`] walks a scenario turn by turn, keeping the meters,
//! flags and a transcript. Given the same scenario and seed it makes the same choices of line
//! variant and response order, so a [`SessionRecord`] (content hash, seed, choices) replays
//! exactly.

pub mod engine;
pub mod reading;

use std::sync::Arc;

use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

pub use engine::{Choice, ChoiceError, State, Step, offered, offered_choices, start_state, step};

use crate::scenario::format::{Pitfall, Skill};
use crate::scenario::model::{
    ContentHash, Delta, Ending, FlagSet, Meters, NodeIndex, Scenario, Target,
};

/// How a reply of silence is shown wherever the trainee's words would be (the play screen's
/// transcript, the debrief, the terminal, the analysis' paths).
pub const SILENCE_LABEL: &str = "(silence)";
/// How a typed reply nobody could understand is shown.
pub const UNCLEAR_LABEL: &str = "(not understood)";
/// What the customer says to a reply they could not make sense of.
pub const UNCLEAR_LINE: &str = "Sorry, what? I don't follow what you mean.";
/// The coaching on such a reply.
pub const UNCLEAR_COACHING: &str = "The customer could not tell what you meant, so they had to ask and wait. Answer what they said, in plain words about their problem.";

/// What the customer says at a node and what the trainee may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub node: NodeIndex,
    /// A conditional line said first (e.g. the customer remembers being interrupted).
    pub reaction: Option<String>,
    /// The variant picked for this visit.
    pub line: String,
    pub direction: Option<String>,
    /// Responses offered, in the order they are shown (shuffled by seed if the scenario asks).
    pub options: Vec<Choice>,
    /// Seconds before silence has consequences, when the node has a time limit.
    pub time_limit: Option<u32>,
}

impl Prompt {
    /// What the customer says here in full: the conditional reaction first, then the line.
    pub fn customer_line(&self) -> String {
        match &self.reaction {
            Some(reaction) => format!("{reaction} {}", self.line),
            None => self.line.clone(),
        }
    }

    /// Everything the trainee can do here: the shown replies, then silence if a timer runs.
    pub fn choices(&self) -> Vec<Choice> {
        let mut choices = self.options.clone();
        if self.time_limit.is_some() {
            choices.push(Choice::Silence);
        }
        choices
    }
}

/// One turn: the prompt, what the trainee did, and what it did to the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub prompt: Prompt,
    pub choice: Choice,
    /// The trainee's words; empty for silence.
    pub reply: String,
    pub skills: Vec<Skill>,
    pub pitfalls: Vec<Pitfall>,
    pub coaching: String,
    /// The lesson in one line, when the author wrote one.
    pub takeaway: Option<String>,
    /// The change the customer felt.
    pub applied: Delta,
    pub before: State,
    pub after: State,
    pub walked_out: bool,
}

impl Exchange {
    /// The trainee's words as shown, or [`SILENCE_LABEL`].
    pub fn reply_shown(&self) -> &str {
        match self.choice {
            Choice::Silence => SILENCE_LABEL,
            Choice::Unclear => UNCLEAR_LABEL,
            Choice::Response(_) => &self.reply,
        }
    }
}

/// Why a session cannot move onto a new version of its scenario.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The session has reached an ending: the new version applies next time.
    #[error("the session has ended")]
    Ended,
    /// The node the session is at is not in the new version.
    #[error("node `{0}` is not in the new version")]
    NodeGone(String),
}

/// Everything needed to replay a session exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub scenario_id: String,
    pub content_hash: ContentHash,
    pub seed: u64,
    pub choices: Vec<Choice>,
}

/// Why a record could not be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error(
        "the record was played on another version of the scenario (hash {recorded}, this file is {current})"
    )]
    ScenarioChanged {
        recorded: ContentHash,
        current: ContentHash,
    },
    #[error("choice {turn} of the record cannot be replayed: {error}")]
    InvalidChoice { turn: usize, error: ChoiceError },
}

/// A conversation in progress or finished.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    rng: Xoshiro256PlusPlus,
    initial: State,
    state: State,
    prompt: Option<Prompt>,
    transcript: Vec<Exchange>,
}

impl Session {
    /// Starts the scenario from its opening node with seed `seed`.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Self {
        let state = start_state(&scenario);
        Self::from_state(scenario, seed, state)
    }

    /// The same conversation carried onto `updated`, a new version of its scenario saved while
    /// it is played: the same node (by id), meters, turn count and seed, and the flags that
    /// still exist. The new session's transcript starts empty.
    pub fn moved_onto(&self, updated: Arc<Scenario>) -> Result<Session, MoveError> {
        let Target::Node(node) = self.state.at else {
            return Err(MoveError::Ended);
        };
        let node_id = &self.scenario.node(node).id;
        let new_node = updated
            .nodes
            .iter()
            .position(|n| &n.id == node_id)
            .ok_or_else(|| MoveError::NodeGone(node_id.clone()))?;
        let flags = self
            .scenario
            .flag_list(self.state.flags)
            .into_iter()
            .filter_map(|name| updated.flag_names.iter().position(|n| n == name))
            .fold(FlagSet::default(), |set, bit| set.with(bit as u8));
        let carried = State {
            at: Target::Node(new_node as u32),
            meters: self.state.meters,
            flags,
            turn: self.state.turn,
        };
        Ok(Session::from_state(updated, self.seed, carried))
    }

    /// The id of the node the customer is at, or `None` once the session has ended.
    pub fn current_node_id(&self) -> Option<&str> {
        match self.state.at {
            Target::Node(node) => Some(&self.scenario.node(node).id),
            Target::Ending(_) => None,
        }
    }

    /// Starts from any state, e.g. an author's playtest at a chosen node and meters.
    pub fn from_state(scenario: Arc<Scenario>, seed: u64, state: State) -> Self {
        let mut session = Session {
            scenario,
            seed,
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            initial: state,
            state,
            prompt: None,
            transcript: Vec::new(),
        };
        session.prompt = session.make_prompt();
        session
    }

    /// Replays `record` on `scenario`, checking it is the version the record was played on.
    pub fn replay(scenario: Arc<Scenario>, record: &SessionRecord) -> Result<Self, ReplayError> {
        if scenario.content_hash != record.content_hash {
            return Err(ReplayError::ScenarioChanged {
                recorded: record.content_hash.clone(),
                current: scenario.content_hash.clone(),
            });
        }
        let mut session = Session::new(scenario, record.seed);
        for (turn, choice) in record.choices.iter().enumerate() {
            session
                .choose(*choice)
                .map_err(|error| ReplayError::InvalidChoice {
                    turn: turn + 1,
                    error,
                })?;
        }
        Ok(session)
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed this session was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The state the session started in.
    pub fn initial_state(&self) -> State {
        self.initial
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The customer's current meters.
    pub fn meters(&self) -> Meters {
        self.state.meters
    }

    /// What the customer is saying now; `None` once the conversation has ended.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// Every turn so far.
    pub fn transcript(&self) -> &[Exchange] {
        &self.transcript
    }

    /// The ending reached, once the conversation is over.
    pub fn ending(&self) -> Option<&Ending> {
        match self.state.at {
            Target::Ending(ending) => Some(self.scenario.ending(ending)),
            Target::Node(_) => None,
        }
    }

    /// Whether the conversation has reached an ending.
    pub fn is_finished(&self) -> bool {
        self.ending().is_some()
    }

    /// The choices made so far, in order.
    pub fn choices(&self) -> Vec<Choice> {
        self.transcript
            .iter()
            .map(|exchange| exchange.choice)
            .collect()
    }

    /// The replayable record of this session.
    pub fn record(&self) -> SessionRecord {
        SessionRecord {
            scenario_id: self.scenario.meta.id.clone(),
            content_hash: self.scenario.content_hash.clone(),
            seed: self.seed,
            choices: self.choices(),
        }
    }

    /// The words of a choice at the current node.
    pub fn choice_text(&self, choice: Choice) -> Option<&str> {
        let Target::Node(node) = self.state.at else {
            return None;
        };
        match choice {
            Choice::Response(index) => self
                .scenario
                .node(node)
                .responses
                .get(usize::from(index))
                .map(|response| response.text.as_str()),
            Choice::Silence | Choice::Unclear => Some(""),
        }
    }

    /// Takes the trainee's choice. Refuses any choice the current prompt does not offer.
    pub fn choose(&mut self, choice: Choice) -> Result<&Exchange, ChoiceError> {
        let prompt = self.prompt.as_ref().ok_or(ChoiceError::Finished)?;
        let offered = match choice {
            Choice::Response(_) => prompt.options.contains(&choice),
            Choice::Silence => prompt.time_limit.is_some(),
            // A typed reply can always fail to make sense.
            Choice::Unclear => true,
        };
        if !offered {
            return Err(match choice {
                Choice::Response(index) => ChoiceError::NotOffered(index),
                Choice::Silence | Choice::Unclear => ChoiceError::NoTimeLimit,
            });
        }
        let before = self.state;
        let result = step(&self.scenario, &before, choice)?;
        let Target::Node(node) = before.at else {
            return Err(ChoiceError::Finished);
        };
        let node = self.scenario.node(node);
        let (reply, skills, pitfalls, coaching, takeaway) = match choice {
            Choice::Response(index) => {
                let response = &node.responses[usize::from(index)];
                (
                    response.text.clone(),
                    response.skills.clone(),
                    response.pitfalls.clone(),
                    response.coaching.clone(),
                    response.takeaway.clone(),
                )
            }
            Choice::Silence => {
                let silence = node.silence.as_ref().ok_or(ChoiceError::NoTimeLimit)?;
                (
                    String::new(),
                    Vec::new(),
                    silence.pitfalls.clone(),
                    silence.coaching.clone(),
                    silence.takeaway.clone(),
                )
            }
            Choice::Unclear => (
                String::new(),
                Vec::new(),
                vec![crate::scenario::format::Pitfall::Unclear],
                UNCLEAR_COACHING.to_owned(),
                None,
            ),
        };
        let prompt = self.prompt.take().ok_or(ChoiceError::Finished)?;
        self.state = result.state;
        self.transcript.push(Exchange {
            prompt: prompt.clone(),
            choice,
            reply,
            skills,
            pitfalls,
            coaching,
            takeaway,
            applied: result.applied,
            before,
            after: result.state,
            walked_out: result.walked_out,
        });
        self.prompt = match (choice, self.state.at) {
            // Still at the same node: the same replies in the same order, and the customer asks
            // what was meant (no draw of the seeded generator, so replays agree).
            (Choice::Unclear, Target::Node(_)) => Some(Prompt {
                reaction: None,
                line: UNCLEAR_LINE.to_owned(),
                ..prompt
            }),
            _ => self.make_prompt(),
        };
        Ok(self.transcript.last().expect("an exchange was just pushed"))
    }

    /// Picks the line variant and response order for the current node, from the seeded RNG.
    fn make_prompt(&mut self) -> Option<Prompt> {
        let Target::Node(node_index) = self.state.at else {
            return None;
        };
        let scenario = Arc::clone(&self.scenario);
        let node = scenario.node(node_index);
        let variant = self.rng.random_range(0..node.says.len().max(1));
        let reaction = node
            .reactions
            .iter()
            .find(|reaction| reaction.when.iter().all(|c| engine::holds(c, &self.state)))
            .map(|reaction| reaction.says.clone());
        let mut options: Vec<Choice> = offered(&scenario, &self.state)
            .into_iter()
            .filter(|choice| matches!(choice, Choice::Response(_)))
            .collect();
        if scenario.shuffle_responses {
            options.shuffle(&mut self.rng);
        }
        Some(Prompt {
            node: node_index,
            reaction,
            line: node.says.get(variant).cloned().unwrap_or_default(),
            direction: node.direction.clone(),
            options,
            time_limit: node.silence.as_ref().map(|silence| silence.seconds),
        })
    }
}
