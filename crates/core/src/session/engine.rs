//! The rules of a conversation as a pure function: state + choice -> next state.
//!
//! [`Session`](super::Session) adds randomness and a transcript on top; the path analysis calls
//! [`step`] directly to explore every state, so both always agree on the rules.

use serde::{Deserialize, Serialize};

use crate::scenario::format::Trait;
use crate::scenario::model::{Condition, Delta, FlagSet, Meters, Scenario, Target};

/// Everything that decides what happens next in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct State {
    /// The node being played, or the ending reached.
    pub at: Target,
    pub meters: Meters,
    pub flags: FlagSet,
    /// Trainee turns taken so far.
    pub turn: u16,
}

/// What the trainee does at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Choice {
    /// The response at this index in the node's authored list.
    Response(u8),
    /// Letting the node's time limit run out.
    Silence,
    /// A typed reply that matched nothing on offer: off the subject, rude or empty. The
    /// customer asks what the trainee meant; it costs a little patience and counts as the
    /// [`Pitfall::Unclear`](crate::scenario::format::Pitfall::Unclear) pitfall. Never offered
    /// in a list, and never explored by the analysis (it is never the best move).
    Unclear,
}

/// What a reply nobody could understand does to the customer: a little patience, a little
/// satisfaction.
pub const UNCLEAR_EFFECT: Delta = Delta {
    satisfaction: -3,
    trust: 0,
    patience: -8,
};

/// Why a choice was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("the conversation has already ended")]
    Finished,
    #[error("response {0} is not offered at this point of the conversation")]
    NotOffered(u8),
    #[error("this node has no time limit, so silence is not a choice here")]
    NoTimeLimit,
}

/// One application of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub state: State,
    /// The change the customer actually felt, after traits and clamping to 0-100.
    pub applied: Delta,
    /// The customer walked out: patience ran out or the conversation ran too long.
    pub walked_out: bool,
}

/// The state a scenario opens in.
pub fn start_state(scenario: &Scenario) -> State {
    State {
        at: Target::Node(scenario.start),
        meters: scenario.customer.start,
        flags: FlagSet::default(),
        turn: 0,
    }
}

/// Whether `condition` holds in `state`.
pub fn holds(condition: &Condition, state: &State) -> bool {
    match *condition {
        Condition::Flag(bit) => state.flags.contains(bit),
        Condition::NotFlag(bit) => !state.flags.contains(bit),
        Condition::AtLeast(meter, value) => state.meters.get(meter) >= value,
        Condition::Below(meter, value) => state.meters.get(meter) < value,
    }
}

/// The choices open in `state`, in authored order, silence last. None once the conversation
/// has ended.
pub fn offered(scenario: &Scenario, state: &State) -> Vec<Choice> {
    offered_choices(scenario, state).collect()
}

/// [`offered`] without collecting them: the analysis asks this for every state it explores.
pub fn offered_choices<'a>(
    scenario: &'a Scenario,
    state: &'a State,
) -> impl Iterator<Item = Choice> + 'a {
    let node = match state.at {
        Target::Node(node) => Some(scenario.node(node)),
        Target::Ending(_) => None,
    };
    let responses = node.into_iter().flat_map(move |node| {
        node.responses
            .iter()
            .enumerate()
            .filter(move |(_, response)| response.requires.iter().all(|c| holds(c, state)))
            .map(|(index, _)| Choice::Response(index as u8))
    });
    let silence = node
        .filter(|node| node.silence.is_some())
        .map(|_| Choice::Silence);
    responses.chain(silence)
}

/// Applies `choice` in `state`.
pub fn step(scenario: &Scenario, state: &State, choice: Choice) -> Result<Step, ChoiceError> {
    let Target::Node(node_index) = state.at else {
        return Err(ChoiceError::Finished);
    };
    let node = scenario.node(node_index);
    let (effect, next, sets, clears) = match choice {
        Choice::Response(index) => {
            let response = node
                .responses
                .get(usize::from(index))
                .filter(|response| response.requires.iter().all(|c| holds(c, state)))
                .ok_or(ChoiceError::NotOffered(index))?;
            (
                response.effect,
                response.next,
                response.sets,
                response.clears,
            )
        }
        Choice::Silence => {
            let silence = node.silence.as_ref().ok_or(ChoiceError::NoTimeLimit)?;
            (
                silence.effect,
                silence.next,
                silence.sets,
                FlagSet::default(),
            )
        }
        // The conversation stays where it was.
        Choice::Unclear => (
            UNCLEAR_EFFECT,
            Target::Node(node_index),
            FlagSet::default(),
            FlagSet::default(),
        ),
    };
    let felt = felt_by(effect, &scenario.customer.traits);
    let meters = Meters {
        satisfaction: shift(state.meters.satisfaction, felt.satisfaction),
        trust: shift(state.meters.trust, felt.trust),
        patience: shift(state.meters.patience, felt.patience),
    };
    let turn = state.turn.saturating_add(1);
    let out_of_patience = meters.patience == 0 || turn >= scenario.max_turns;
    let walked_out = out_of_patience && matches!(next, Target::Node(_));
    let at = if walked_out {
        Target::Ending(scenario.walkout)
    } else {
        next
    };
    Ok(Step {
        state: State {
            at,
            meters,
            flags: state.flags.union(sets).without(clears),
            turn,
        },
        applied: Delta::between(state.meters, meters),
        walked_out,
    })
}

/// The authored effect as this customer feels it (see [`Trait`]). Each trait scales with
/// integer arithmetic, rounding toward zero, in the order the traits are listed.
pub fn felt_by(effect: Delta, traits: &[Trait]) -> Delta {
    let mut felt = effect;
    let half_again = |value: i16| value.saturating_mul(3) / 2;
    for trait_ in traits {
        match trait_ {
            Trait::Impatient if felt.patience < 0 => felt.patience = half_again(felt.patience),
            Trait::Skeptical if felt.trust > 0 => felt.trust /= 2,
            Trait::Forgiving if felt.satisfaction < 0 => felt.satisfaction /= 2,
            Trait::Volatile => felt.satisfaction = half_again(felt.satisfaction),
            Trait::Loyal if felt.trust < 0 => felt.trust /= 2,
            _ => {}
        }
    }
    felt
}

/// A meter moved by `delta`, kept within 0-100.
fn shift(value: u8, delta: i16) -> u8 {
    (i16::from(value) + delta).clamp(0, 100) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traits_scale_the_felt_change() {
        let effect = Delta {
            satisfaction: -10,
            trust: 10,
            patience: -10,
        };
        let felt = felt_by(
            effect,
            &[Trait::Impatient, Trait::Skeptical, Trait::Forgiving],
        );
        assert_eq!(
            felt,
            Delta {
                satisfaction: -5,
                trust: 5,
                patience: -15
            }
        );
        let volatile = felt_by(
            Delta {
                satisfaction: 7,
                ..Delta::default()
            },
            &[Trait::Volatile],
        );
        assert_eq!(volatile.satisfaction, 10);
        let loyal = felt_by(
            Delta {
                trust: -9,
                ..Delta::default()
            },
            &[Trait::Loyal],
        );
        assert_eq!(loyal.trust, -4);
    }

    #[test]
    fn meters_stay_within_bounds() {
        assert_eq!(shift(95, 20), 100);
        assert_eq!(shift(5, -20), 0);
    }
}
