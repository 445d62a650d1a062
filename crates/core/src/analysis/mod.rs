//! Path analysis for authors: every reachable state (node, meters, flags, turn) of a scenario,
//! explored once each, with the best and worst reachable outcome and skill points from each.
//!
//! Each turn moves to a state with a higher turn count, so the state graph has no cycles and
//! breadth-first discovery order is a topological order: values are computed in one backward
//! sweep, without recursion, however long the conversation.
//!
//! A path's value is its ending's value less what its moves cost (see [`crate::scoring`]), so
//! the best value of a state is the most, over its moves, of the best value after the move
//! less the move's cost: the state itself carries no tally. The fewest turns to each ending,
//! which an ending's value needs, is the first layer the ending appears in.
//!
//! Past [`Limits::max_states`] the analysis is approximate rather than impossible: every
//! scenario that validates can be scored (see [`Exactness`]).

pub mod bots;
pub mod cache;
pub mod cues;
pub mod difficulty;
pub mod map;
pub mod report;
pub mod table;

use std::ops::Range;

use foldhash::HashSet;

use crate::scenario::format::Outcome;
use crate::scenario::model::{EndingIndex, FlagSet, Meters, Scenario, Target};
use crate::scoring::{EndFacts, MoveCost, SkillPoints, ending_value, experience, score_move};
use crate::session::{Choice, State, offered_choices, start_state, step};

pub use report::{AnalysisReport, PathStep};

/// How far an analysis may go before it stops being exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most states explored exactly. About 150 bytes each, so 2,000,000 states hold about
    /// 300 MB at the peak.
    pub max_states: usize,
    /// Past `max_states`, the analysis starts again keeping at most this many states per turn
    /// (the most promising ones; see [`Exactness::Approximate`]).
    pub beam_width: usize,
}

impl Limits {
    /// The limits every caller uses; tests pass smaller ones.
    pub const STANDARD: Limits = Limits {
        max_states: 2_000_000,
        beam_width: 20_000,
    };
}

/// Whether the analysis saw every reachable state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Exactness {
    /// Every reachable state was explored: every figure is exact.
    Exact,
    /// The scenario has more states than [`Limits::max_states`], so each turn kept only its
    /// `beam_width` most promising states (highest value if the conversation ended well now),
    /// plus the states a debrief asked to keep. Every path the analysis reports is real, so its
    /// best value is a lower bound: a trainee's score against it is never too low, and may be
    /// too high.
    Approximate { beam_width: usize },
}

impl Exactness {
    /// What an approximate analysis means, in a sentence for the trainee or author; `None`
    /// when it is exact.
    pub fn note(self) -> Option<String> {
        match self {
            Exactness::Exact => None,
            Exactness::Approximate { beam_width } => Some(format!(
                "approximate: this scenario has too many ways through it to check them all, so \
                 each turn only its {beam_width} most promising states were followed; the best \
                 outcome is the best found, and the score is measured against it"
            )),
        }
    }
}

/// One move in the state graph.
#[derive(Debug, Clone, Copy)]
struct Edge {
    choice: Choice,
    target: u32,
    points: SkillPoints,
    /// Value points the move costs (effort, pitfalls, money): never negative.
    cost: i32,
}

/// No ending can be reached from a state (a dead end lies ahead on every path).
const NO_VALUE: i32 = i32::MIN;

/// The lowest value a path can have: costs saturate here, so a path never reads as
/// [`NO_VALUE`].
const LOWEST_VALUE: i32 = i32::MIN + 1;

/// `value` after a move costing `cost`.
fn less(value: i32, cost: i32) -> i32 {
    value.saturating_sub(cost).max(LOWEST_VALUE)
}

/// What lies ahead of one state: best and worst outcome value and skill points, and the
/// number of paths to an ending. Kept together because the backward sweep reads all of it for
/// each move's target, and one cache line is cheaper to fetch than five.
#[derive(Debug, Clone, Copy)]
struct Reach {
    best: i32,
    worst: i32,
    skill_best: SkillPoints,
    skill_worst: SkillPoints,
    paths: u128,
}

impl Reach {
    /// A state from which no ending can be reached.
    const NOTHING: Reach = Reach {
        best: NO_VALUE,
        worst: NO_VALUE,
        skill_best: SkillPoints([0; 6]),
        skill_worst: SkillPoints([0; 6]),
        paths: 0,
    };
}

/// The explored state graph with best and worst values from every state.
///
/// Every move adds one turn, so states are explored turn by turn ("layers"): each layer is
/// discovered whole from the one before it, the states of a layer sit next to each other in
/// `states`, and each layer has its own small index.
#[derive(Debug, Clone)]
pub struct Analysis {
    states: Vec<State>,
    /// Layer `k` (states at turn `initial.turn + k`) is
    /// `states[layer_start[k]..layer_start[k + 1]]`, sorted by [`LayerKey`].
    layer_start: Vec<u32>,
    /// Edges of state `i` are `edges[edge_start[i]..edge_start[i + 1]]`.
    edge_start: Vec<u32>,
    edges: Vec<Edge>,
    /// What lies ahead of each state.
    values: Vec<Reach>,
    /// Per ending, the fewest turns any explored path takes to it (`None`: never reached).
    fewest_turns: Vec<Option<u16>>,
    exactness: Exactness,
}

/// A state within its layer, packed into three words (the turn is the layer's), to sort and
/// compare cheaply.
type LayerKey = [u64; 3];

const ENDING_BIT: u64 = 1 << 32;

fn layer_key(state: &State) -> LayerKey {
    let at = match state.at {
        Target::Node(node) => u64::from(node),
        Target::Ending(ending) => ENDING_BIT | u64::from(ending),
    };
    let meters = u64::from(state.meters.satisfaction)
        | (u64::from(state.meters.trust) << 8)
        | (u64::from(state.meters.patience) << 16);
    [
        at | (meters << 33),
        state.flags.0 as u64,
        (state.flags.0 >> 64) as u64,
    ]
}

/// The state `key` stands for in the layer at `turn`.
fn state_of(key: &LayerKey, turn: u16) -> State {
    let [packed, low, high] = *key;
    let index = packed as u32;
    let meters = packed >> 33;
    State {
        at: if packed & ENDING_BIT == 0 {
            Target::Node(index)
        } else {
            Target::Ending(index)
        },
        meters: Meters {
            satisfaction: meters as u8,
            trust: (meters >> 8) as u8,
            patience: (meters >> 16) as u8,
        },
        flags: FlagSet(u128::from(low) | (u128::from(high) << 64)),
        turn,
    }
}

/// Buffers reused from layer to layer.
#[derive(Default)]
struct Scratch {
    moves: Vec<Move>,
    /// Each move's target key and the move's index, sorted.
    order: Vec<(LayerKey, u32)>,
    /// Runs of `order` with the same target.
    groups: Vec<Range<usize>>,
    /// The state index each move leads to, `u32::MAX` where a beam dropped it.
    targets: Vec<u32>,
}

/// A move found while discovering the next layer, before its target has an index (its
/// target's key is beside it in [`Scratch::order`]).
struct Move {
    from: u32,
    choice: Choice,
    points: SkillPoints,
    cost: i32,
}

impl Analysis {
    /// Explores every state reachable from the scenario's opening.
    pub fn of(scenario: &Scenario) -> Self {
        Self::from_state(scenario, start_state(scenario))
    }

    /// Explores every state reachable from `initial`.
    pub fn from_state(scenario: &Scenario, initial: State) -> Self {
        Self::within(scenario, initial, Limits::STANDARD, &[])
    }

    /// Explores from `initial` within `limits`. If the analysis has to be approximate, the
    /// states in `keep` are kept whenever they are reached, so their values are known: a
    /// debrief keeps every state of the trainee's session and every state one other reply
    /// would have led to.
    pub fn within(scenario: &Scenario, initial: State, limits: Limits, keep: &[State]) -> Self {
        let exact = Self::explore(scenario, initial, limits.max_states, None);
        let mut analysis = exact.unwrap_or_else(|| {
            let keep: HashSet<State> = keep.iter().copied().collect();
            let width = limits.beam_width.max(1);
            // Each layer holds at most `width` states plus the kept ones, and the turn limit
            // bounds the layers, so this always finishes.
            Self::explore(scenario, initial, usize::MAX, Some((width, &keep)))
                .expect("a beam search has no state limit")
        });
        analysis.evaluate(scenario);
        analysis
    }

    /// Whether every reachable state was explored.
    pub fn exactness(&self) -> Exactness {
        self.exactness
    }

    fn empty(initial: State, exactness: Exactness) -> Self {
        Analysis {
            states: vec![initial],
            layer_start: vec![0, 1],
            edge_start: vec![0],
            edges: Vec::new(),
            values: Vec::new(),
            fewest_turns: Vec::new(),
            exactness,
        }
    }

    /// Discovers layer after layer. Exact (`beam` is `None`): `None` once more than
    /// `max_states` are found. Beam: each layer keeps its `width` most promising states and
    /// the states in the keep set.
    fn explore(
        scenario: &Scenario,
        initial: State,
        max_states: usize,
        beam: Option<(usize, &HashSet<State>)>,
    ) -> Option<Self> {
        let exactness = match beam {
            None => Exactness::Exact,
            Some((beam_width, _)) => Exactness::Approximate { beam_width },
        };
        let mut analysis = Self::empty(initial, exactness);
        let mut scratch = Scratch::default();
        let mut layer_start = 0;
        while layer_start < analysis.states.len() {
            let layer_end = analysis.states.len();
            analysis.discover(scenario, layer_start..layer_end, &mut scratch, beam);
            if analysis.states.len() > max_states {
                return None;
            }
            analysis.layer_start.push(analysis.states.len() as u32);
            layer_start = layer_end;
        }
        Some(analysis)
    }

    /// Discovers the states one move after `layer` (the next layer), numbered in the order of
    /// their [`LayerKey`], and the moves to them.
    ///
    /// Equal states are found by sorting the moves by target rather than with a hash table: a
    /// layer can hold 200,000 states, and a table that size misses the processor's caches on
    /// nearly every move, where sorting reads memory in order. The sorted layer then doubles
    /// as its own index for [`Analysis::value_range`].
    fn discover(
        &mut self,
        scenario: &Scenario,
        layer: Range<usize>,
        scratch: &mut Scratch,
        beam: Option<(usize, &HashSet<State>)>,
    ) {
        let Scratch {
            moves,
            order,
            groups,
            targets,
        } = scratch;
        moves.clear();
        order.clear();
        for from in layer.clone() {
            self.moves_from(scenario, from, moves, order);
        }
        order.sort_unstable();
        groups.clear();
        for position in 0..order.len() {
            if position == 0 || order[position - 1].0 != order[position].0 {
                groups.push(position..position);
            }
            if let Some(group) = groups.last_mut() {
                group.end = position + 1;
            }
        }
        let turn = self.states[layer.start].turn.saturating_add(1);
        if let Some((width, keep)) = beam {
            keep_most_promising(scenario, order, groups, turn, width, keep);
        }
        targets.clear();
        targets.resize(moves.len(), u32::MAX);
        self.states.reserve(groups.len());
        for group in groups.iter() {
            let index = self.states.len() as u32;
            self.states.push(state_of(&order[group.start].0, turn));
            for &(_, found) in &order[group.clone()] {
                targets[found as usize] = index;
            }
        }
        // Moves were found source by source, so each state's edges are contiguous.
        let mut found = moves.iter().zip(targets.iter()).peekable();
        for from in layer {
            while let Some((found_move, &target)) =
                found.next_if(|(found_move, _)| found_move.from as usize == from)
            {
                if target != u32::MAX {
                    self.edges.push(Edge {
                        choice: found_move.choice,
                        target,
                        points: found_move.points,
                        cost: found_move.cost,
                    });
                }
            }
            self.edge_start.push(self.edges.len() as u32);
        }
    }

    /// Every move out of state `from`, appended to `moves`, and its target's key to `order`.
    fn moves_from(
        &self,
        scenario: &Scenario,
        from: usize,
        moves: &mut Vec<Move>,
        order: &mut Vec<(LayerKey, u32)>,
    ) {
        let state = self.states[from];
        let Target::Node(node) = state.at else {
            return;
        };
        for choice in offered_choices(scenario, &state) {
            let Ok(moved) = step(scenario, &state, choice) else {
                continue;
            };
            let (points, cost) = score_move(scenario, node, choice);
            order.push((layer_key(&moved.state), moves.len() as u32));
            moves.push(Move {
                from: from as u32,
                choice,
                points,
                cost: cost.value,
            });
        }
    }

    /// The fewest turns to each ending: the turn of the first layer it appears in, since
    /// states are stored layer by layer.
    fn find_fewest_turns(&mut self, scenario: &Scenario) {
        self.fewest_turns = vec![None; scenario.endings.len()];
        for state in &self.states {
            if let Target::Ending(ending) = state.at
                && let Some(fewest) = self.fewest_turns.get_mut(ending as usize)
                && fewest.is_none()
            {
                *fewest = Some(state.turn);
            }
        }
    }

    /// One backward sweep: every edge leads to a later-discovered state.
    fn evaluate(&mut self, scenario: &Scenario) {
        self.find_fewest_turns(scenario);
        let count = self.states.len();
        self.values = vec![Reach::NOTHING; count];
        for state in (0..count).rev() {
            if let Target::Ending(ending) = self.states[state].at {
                let end = EndFacts::at(
                    scenario,
                    &self.states[state],
                    self.fewest_turns[ending as usize],
                );
                let value = end.map_or(NO_VALUE, |end| {
                    ending_value(&end, scenario.customer_value.as_ref()).max(LOWEST_VALUE)
                });
                self.values[state] = Reach {
                    best: value,
                    worst: value,
                    skill_best: SkillPoints::default(),
                    skill_worst: SkillPoints::default(),
                    paths: 1,
                };
                continue;
            }
            let mut reach = Reach {
                best: NO_VALUE,
                worst: i32::MAX,
                skill_best: SkillPoints([i16::MIN; 6]),
                skill_worst: SkillPoints([i16::MAX; 6]),
                paths: 0,
            };
            for edge in self.edges_of(state) {
                let ahead = &self.values[edge.target as usize];
                if ahead.best == NO_VALUE {
                    continue;
                }
                reach.best = reach.best.max(less(ahead.best, edge.cost));
                reach.worst = reach.worst.min(less(ahead.worst, edge.cost));
                let high = edge.points.plus(ahead.skill_best);
                let low = edge.points.plus(ahead.skill_worst);
                for skill in 0..6 {
                    reach.skill_best.0[skill] = reach.skill_best.0[skill].max(high.0[skill]);
                    reach.skill_worst.0[skill] = reach.skill_worst.0[skill].min(low.0[skill]);
                }
                reach.paths = reach.paths.saturating_add(ahead.paths);
            }
            if reach.best != NO_VALUE {
                self.values[state] = reach;
            }
        }
    }

    fn edges_of(&self, state: usize) -> &[Edge] {
        &self.edges[self.edge_start[state] as usize..self.edge_start[state + 1] as usize]
    }

    /// Number of states explored.
    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    /// Number of moves between states.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Best value (see [`crate::scoring::path`]) reachable from the initial state.
    pub fn best_value(&self) -> Option<i32> {
        self.value_range(&self.states[0]).map(|(best, _)| best)
    }

    /// The fewest turns any explored path takes from the initial state to `ending` (counted
    /// as [`State::turn`] counts), `None` if no explored path reaches it. In an approximate
    /// analysis this is the fewest over the states kept.
    pub fn fewest_turns(&self, ending: EndingIndex) -> Option<u16> {
        self.fewest_turns.get(ending as usize).copied().flatten()
    }

    /// Best and worst values reachable from `state`, if it was explored and an ending lies
    /// ahead of it.
    pub fn value_range(&self, state: &State) -> Option<(i32, i32)> {
        let layer = state.turn.checked_sub(self.states[0].turn)?;
        let layer = usize::from(layer);
        let start = *self.layer_start.get(layer)? as usize;
        let end = *self.layer_start.get(layer + 1)? as usize;
        let key = layer_key(state);
        let index = start
            + self.states[start..end]
                .binary_search_by(|probe| layer_key(probe).cmp(&key))
                .ok()?;
        (self.values[index].best != NO_VALUE)
            .then(|| (self.values[index].best, self.values[index].worst))
    }

    /// Best value reachable through `edge`: the best after it less its cost.
    fn best_through(&self, edge: &Edge) -> i32 {
        match self.values[edge.target as usize].best {
            NO_VALUE => NO_VALUE,
            best => less(best, edge.cost),
        }
    }

    /// Worst value reachable through `edge`.
    fn worst_through(&self, edge: &Edge) -> i32 {
        match self.values[edge.target as usize].best {
            NO_VALUE => NO_VALUE,
            _ => less(self.values[edge.target as usize].worst, edge.cost),
        }
    }

    /// Replays `choices` from the initial state: the state they end in and what their moves
    /// cost.
    pub(crate) fn walk(
        &self,
        scenario: &Scenario,
        choices: &[Choice],
    ) -> Option<(State, MoveCost)> {
        let mut state = self.states[0];
        let mut cost = MoveCost::default();
        for &choice in choices {
            let Target::Node(node) = state.at else {
                return None;
            };
            cost = cost.plus(score_move(scenario, node, choice).1);
            state = step(scenario, &state, choice).ok()?.state;
        }
        Some((state, cost))
    }

    /// Number of distinct choice sequences from the initial state to an ending (saturating).
    pub fn path_count(&self) -> u128 {
        self.values[0].paths
    }

    /// Choices that reach the best value.
    pub fn best_choices(&self) -> Vec<Choice> {
        self.follow(|analysis, state, edge| {
            analysis.best_through(edge) == analysis.values[state].best
        })
    }

    /// Choices that reach the worst value.
    pub fn worst_choices(&self) -> Vec<Choice> {
        self.follow(|analysis, state, edge| {
            analysis.worst_through(edge) == analysis.values[state].worst
        })
    }

    /// Skill points earned along [`Analysis::best_choices`]: the reference a trainee's skill
    /// scores are measured against. (The most points reachable can be higher, e.g. by going
    /// round a loop until the customer walks out; that is no standard to hold a trainee to.)
    pub fn best_path_points(&self) -> SkillPoints {
        let mut state = 0;
        let mut points = SkillPoints::default();
        for choice in self.best_choices() {
            let Some(edge) = self
                .edges_of(state)
                .iter()
                .find(|edge| edge.choice == choice)
            else {
                break;
            };
            points = points.plus(edge.points);
            state = edge.target as usize;
        }
        points
    }

    /// Best and worst skill points reachable from the initial state, per skill.
    pub fn skill_range(&self) -> Option<(SkillPoints, SkillPoints)> {
        (self.values[0].best != NO_VALUE)
            .then(|| (self.values[0].skill_best, self.values[0].skill_worst))
    }

    /// Choices that earn the most (`highest`) or fewest points of skill `skill`.
    pub fn skill_choices(&self, skill: usize, highest: bool) -> Vec<Choice> {
        self.follow(|analysis, state, edge| {
            let target = edge.target as usize;
            let (through, here) = if highest {
                (
                    edge.points.plus(analysis.values[target].skill_best).0[skill],
                    analysis.values[state].skill_best.0[skill],
                )
            } else {
                (
                    edge.points.plus(analysis.values[target].skill_worst).0[skill],
                    analysis.values[state].skill_worst.0[skill],
                )
            };
            through == here
        })
    }

    /// Walks from the initial state taking the first edge `pick` accepts among edges that can
    /// still reach an ending.
    fn follow(&self, pick: impl Fn(&Self, usize, &Edge) -> bool) -> Vec<Choice> {
        let mut choices = Vec::new();
        let mut state = 0;
        if self.values[0].best == NO_VALUE {
            return choices;
        }
        while let Some(edge) = self.edges_of(state).iter().find(|edge| {
            self.values[edge.target as usize].best != NO_VALUE && pick(self, state, edge)
        }) {
            choices.push(edge.choice);
            state = edge.target as usize;
        }
        choices
    }

    /// One way to reach state `index`: the first move found into it, layer by layer back to
    /// the start. (Searched for rather than stored: only dead ends ask, and storing a parent
    /// for every state cost a random memory access for each.)
    fn path_to(&self, mut index: usize) -> Vec<(State, Choice)> {
        let mut path = Vec::new();
        let mut layer = self
            .layer_start
            .partition_point(|&start| start as usize <= index)
            .saturating_sub(1);
        while layer > 0 {
            let sources = self.layer_start[layer - 1] as usize..self.layer_start[layer] as usize;
            let Some((from, choice)) = sources.into_iter().find_map(|from| {
                self.edges_of(from)
                    .iter()
                    .find(|edge| edge.target as usize == index)
                    .map(|edge| (from, edge.choice))
            }) else {
                break;
            };
            path.push((self.states[from], choice));
            index = from;
            layer -= 1;
        }
        path.reverse();
        path
    }
}

/// Trims a newly found layer (`groups` of equal targets in `order`) to its `width` most
/// promising states, keeping every state in `keep` besides. A state's promise is the value it
/// would have if the conversation ended now in the most valuable outcome; an ending's is its
/// real value. Ties keep key order, so the result does not depend on hashing.
fn keep_most_promising(
    scenario: &Scenario,
    order: &[(LayerKey, u32)],
    groups: &mut Vec<Range<usize>>,
    turn: u16,
    width: usize,
    keep: &HashSet<State>,
) {
    if groups.len() <= width {
        return;
    }
    // The experience alone: the costs of the path so far are not in the state, and the turns
    // beyond need are not known until every layer is found.
    let promise = |state: &State| match state.at {
        Target::Ending(ending) => {
            let ending = scenario.ending(ending);
            experience(ending.outcome, ending.intended, state.meters)
        }
        Target::Node(_) => experience(Outcome::Resolved, false, state.meters),
    };
    let mut ranked: Vec<(bool, i32, usize)> = groups
        .iter()
        .enumerate()
        .map(|(position, group)| {
            let state = state_of(&order[group.start].0, turn);
            (keep.contains(&state), promise(&state), position)
        })
        .collect();
    let kept_anyway = ranked.iter().filter(|(kept, _, _)| *kept).count();
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    ranked.truncate(kept_anyway + width);
    let mut chosen: Vec<usize> = ranked
        .into_iter()
        .map(|(_, _, position)| position)
        .collect();
    chosen.sort_unstable();
    let mut chosen = chosen.into_iter().peekable();
    let mut position = 0;
    groups.retain(|_| {
        let wanted = chosen.next_if_eq(&position).is_some();
        position += 1;
        wanted
    });
}
