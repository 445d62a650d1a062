//! The value of one path through a scenario: what each move costs, and what its ending is
//! worth. The analysis adds these up state by state; a debrief adds them up along the
//! trainee's transcript; both use the functions here, so they always agree.

use serde::Serialize;

use super::money::Money;
use super::{
    CustomerOutcome, EFFORT_POINTS, SILENCE_EFFORT, SkillPoints, customer_outcome, ending_value,
    money_spent_points, retention,
};
use crate::scenario::format::Outcome;
use crate::scenario::model::{Meters, NodeIndex, RatedPitfall, Scenario, Target};
use crate::session::{Choice, Session, State};

/// What the customer's answers and an ending's value read about a finished conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EndFacts {
    pub outcome: Outcome,
    /// Whether the author marked the ending as the one the scenario teaches.
    pub intended: bool,
    pub meters: Meters,
    /// Turns taken beyond the fewest any path takes to the same ending.
    pub extra_turns: u16,
}

impl EndFacts {
    /// The facts of `state` when it is at an ending, given the fewest turns any path takes to
    /// that ending (`None` when not known: then no turn counts as extra).
    pub fn at(scenario: &Scenario, state: &State, fewest_turns: Option<u16>) -> Option<Self> {
        let Target::Ending(index) = state.at else {
            return None;
        };
        let ending = scenario.ending(index);
        Some(EndFacts {
            outcome: ending.outcome,
            intended: ending.intended,
            meters: state.meters,
            extra_turns: state
                .turn
                .saturating_sub(fewest_turns.unwrap_or(state.turn)),
        })
    }
}

/// What moves put on a path besides where they lead: the customer's effort, money given away
/// and pitfalls, and all of it in value points. Costs of several moves add up field by field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MoveCost {
    /// Effort units the replies authored (a transfer, asking the customer to repeat).
    pub effort: u32,
    /// Silences the trainee let run out.
    pub silences: u32,
    /// Money given away, in the scenario's currency.
    pub spent: u64,
    /// Value points the pitfalls cost, by severity.
    pub pitfall_points: u32,
    /// Value points the moves cost in all: effort, pitfalls and money, each move's rounded on
    /// its own (as the analysis counts them).
    pub value: i32,
}

impl MoveCost {
    /// Effort units of these moves: authored effort plus [`SILENCE_EFFORT`] for each silence.
    pub fn effort_units(&self) -> u32 {
        self.effort
            .saturating_add(self.silences.saturating_mul(SILENCE_EFFORT))
    }

    /// Both costs added.
    pub fn plus(self, other: MoveCost) -> Self {
        MoveCost {
            effort: self.effort.saturating_add(other.effort),
            silences: self.silences.saturating_add(other.silences),
            spent: self.spent.saturating_add(other.spent),
            pitfall_points: self.pitfall_points.saturating_add(other.pitfall_points),
            value: self.value.saturating_add(other.value),
        }
    }

    /// The cost of one move, with its value points worked out for `scenario`.
    fn of_move(
        scenario: &Scenario,
        effort: u32,
        silences: u32,
        spent: u64,
        pitfalls: impl Iterator<Item = RatedPitfall>,
    ) -> Self {
        let pitfall_points = pitfalls.fold(0u32, |sum, rated| {
            sum.saturating_add(rated.severity.value_points())
        });
        let mut cost = MoveCost {
            effort,
            silences,
            spent,
            pitfall_points,
            value: 0,
        };
        cost.value = EFFORT_POINTS
            .saturating_mul(i32::try_from(cost.effort_units()).unwrap_or(i32::MAX))
            .saturating_add(i32::try_from(pitfall_points).unwrap_or(i32::MAX))
            .saturating_add(money_spent_points(spent, scenario.customer_value.as_ref()));
        cost
    }
}

/// The skill points `choice` earns at `node` and what it costs; nothing for a choice the node
/// does not have.
pub fn score_move(scenario: &Scenario, node: NodeIndex, choice: Choice) -> (SkillPoints, MoveCost) {
    let node = scenario.node(node);
    match choice {
        Choice::Response(index) => match node.responses.get(usize::from(index)) {
            Some(response) => (
                SkillPoints::of(&response.skills, response.rated_pitfalls()),
                MoveCost::of_move(
                    scenario,
                    u32::from(response.effort),
                    0,
                    u64::from(response.cost),
                    response.rated_pitfalls(),
                ),
            ),
            None => Default::default(),
        },
        Choice::Silence => match &node.silence {
            Some(silence) => (
                SkillPoints::of(&[], silence.rated_pitfalls()),
                MoveCost::of_move(scenario, 0, 1, 0, silence.rated_pitfalls()),
            ),
            None => Default::default(),
        },
        // The customer has to say it again (the effort of a silence), and the reply was a pitfall.
        Choice::Unclear => {
            let unclear = [crate::scenario::model::RatedPitfall {
                pitfall: crate::scenario::format::Pitfall::Unclear,
                severity: crate::scenario::format::Pitfall::Unclear.default_severity(),
            }];
            (
                SkillPoints::of(&[], unclear.iter().copied()),
                MoveCost::of_move(scenario, SILENCE_EFFORT, 0, 0, unclear.iter().copied()),
            )
        }
    }
}

/// What the moves of `session` so far cost, added up.
pub fn session_cost(session: &Session) -> MoveCost {
    session
        .transcript()
        .iter()
        .fold(MoveCost::default(), |sum, exchange| {
            sum.plus(score_move(session.scenario(), exchange.prompt.node, exchange.choice).1)
        })
}

/// Everything the model says about one finished path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathScore {
    pub end: EndFacts,
    /// What the moves cost, added up.
    pub moves: MoveCost,
    /// Customer effort in all: turns beyond need, silences and authored effort.
    pub effort: u32,
    pub customer: CustomerOutcome,
    /// The ending's value less what the moves cost.
    pub value: i32,
    /// Money kept and spent, for a scenario with a customer value.
    pub money: Option<Money>,
}

/// The score of a path that ended in `end_state` after moves costing `moves`, given the fewest
/// turns any path takes to its ending; `None` if `end_state` is not at an ending.
pub fn score_path(
    scenario: &Scenario,
    end_state: &State,
    moves: MoveCost,
    fewest_turns: Option<u16>,
) -> Option<PathScore> {
    let end = EndFacts::at(scenario, end_state, fewest_turns)?;
    let customer_value = scenario.customer_value.as_ref();
    let effort = moves
        .effort_units()
        .saturating_add(u32::from(end.extra_turns));
    Some(PathScore {
        end,
        moves,
        effort,
        customer: customer_outcome(&end, effort),
        value: ending_value(&end, customer_value).saturating_sub(moves.value),
        money: customer_value.map(|value| Money::of(value, retention(&end), moves.spent)),
    })
}
