//! Path analysis for authors: every reachable state (node, meters, flags, turn) of a scenario,
//! explored once each, with the best and worst reachable outcome and skill points from each.
//!
//! Each turn moves to a state with a higher turn count, so the state graph has no cycles and
//! breadth-first discovery order is a topological order: values are computed in one backward
//! sweep, without recursion, however long the conversation.

pub mod bots;
pub mod map;
pub mod report;

use foldhash::{HashMap, HashMapExt};

use crate::scenario::model::{Scenario, Target};
use crate::scoring::{SkillPoints, outcome_value};
use crate::session::{Choice, State, offered, start_state, step};

pub use report::{AnalysisReport, PathStep};

/// Most states explored before the analysis gives up, to bound memory (about 150 bytes each).
pub const MAX_STATES: usize = 2_000_000;

/// Why a scenario could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    #[error(
        "the scenario has more than {MAX_STATES} distinct states (node, meters, flags, turn); \
         simplify its meter effects or split it"
    )]
    TooManyStates,
}

/// One move in the state graph.
#[derive(Debug, Clone, Copy)]
struct Edge {
    choice: Choice,
    target: u32,
    points: SkillPoints,
}

/// No ending can be reached from a state (a dead end lies ahead on every path).
const NO_VALUE: i32 = -1;

/// The explored state graph with best and worst values from every state.
#[derive(Debug, Clone)]
pub struct Analysis {
    states: Vec<State>,
    index: HashMap<State, u32>,
    /// Edges of state `i` are `edges[edge_start[i]..edge_start[i + 1]]`.
    edge_start: Vec<u32>,
    edges: Vec<Edge>,
    /// How each state was first reached, for example paths to dead ends.
    parent: Vec<Option<(u32, Choice)>>,
    best: Vec<i32>,
    worst: Vec<i32>,
    skill_best: Vec<SkillPoints>,
    skill_worst: Vec<SkillPoints>,
    paths: Vec<u128>,
}

impl Analysis {
    /// Explores every state reachable from the scenario's opening.
    pub fn of(scenario: &Scenario) -> Result<Self, AnalysisError> {
        Self::from_state(scenario, start_state(scenario))
    }

    /// Explores every state reachable from `initial`.
    pub fn from_state(scenario: &Scenario, initial: State) -> Result<Self, AnalysisError> {
        let mut analysis = Analysis {
            states: vec![initial],
            index: HashMap::new(),
            edge_start: vec![0],
            edges: Vec::new(),
            parent: vec![None],
            best: Vec::new(),
            worst: Vec::new(),
            skill_best: Vec::new(),
            skill_worst: Vec::new(),
            paths: Vec::new(),
        };
        analysis.index.insert(initial, 0);
        analysis.explore(scenario)?;
        analysis.evaluate(scenario);
        Ok(analysis)
    }

    fn explore(&mut self, scenario: &Scenario) -> Result<(), AnalysisError> {
        let mut next = 0;
        while next < self.states.len() {
            let state = self.states[next];
            if let Target::Node(node) = state.at {
                let node = scenario.node(node);
                for choice in offered(scenario, &state) {
                    let Ok(moved) = step(scenario, &state, choice) else {
                        continue;
                    };
                    let points = match choice {
                        Choice::Response(i) => {
                            let response = &node.responses[usize::from(i)];
                            SkillPoints::of(&response.skills, &response.pitfalls)
                        }
                        Choice::Silence => node
                            .silence
                            .as_ref()
                            .map(|silence| SkillPoints::of(&[], &silence.pitfalls))
                            .unwrap_or_default(),
                    };
                    let target = match self.index.get(&moved.state) {
                        Some(&known) => known,
                        None => {
                            if self.states.len() >= MAX_STATES {
                                return Err(AnalysisError::TooManyStates);
                            }
                            let fresh = self.states.len() as u32;
                            self.states.push(moved.state);
                            self.parent.push(Some((next as u32, choice)));
                            self.index.insert(moved.state, fresh);
                            fresh
                        }
                    };
                    self.edges.push(Edge {
                        choice,
                        target,
                        points,
                    });
                }
            }
            self.edge_start.push(self.edges.len() as u32);
            next += 1;
        }
        Ok(())
    }

    /// One backward sweep: every edge leads to a later-discovered state.
    fn evaluate(&mut self, scenario: &Scenario) {
        let count = self.states.len();
        self.best = vec![NO_VALUE; count];
        self.worst = vec![NO_VALUE; count];
        self.skill_best = vec![SkillPoints::default(); count];
        self.skill_worst = vec![SkillPoints::default(); count];
        self.paths = vec![0; count];
        for state in (0..count).rev() {
            if let Target::Ending(ending) = self.states[state].at {
                let value =
                    outcome_value(scenario.ending(ending).outcome, self.states[state].meters)
                        as i32;
                self.best[state] = value;
                self.worst[state] = value;
                self.paths[state] = 1;
                continue;
            }
            let mut best = NO_VALUE;
            let mut worst = i32::MAX;
            let mut skill_best = SkillPoints([i16::MIN; 6]);
            let mut skill_worst = SkillPoints([i16::MAX; 6]);
            let mut paths: u128 = 0;
            for edge in self.edges_of(state) {
                let target = edge.target as usize;
                if self.best[target] == NO_VALUE {
                    continue;
                }
                best = best.max(self.best[target]);
                worst = worst.min(self.worst[target]);
                let high = edge.points.plus(self.skill_best[target]);
                let low = edge.points.plus(self.skill_worst[target]);
                for skill in 0..6 {
                    skill_best.0[skill] = skill_best.0[skill].max(high.0[skill]);
                    skill_worst.0[skill] = skill_worst.0[skill].min(low.0[skill]);
                }
                paths = paths.saturating_add(self.paths[target]);
            }
            if best != NO_VALUE {
                self.best[state] = best;
                self.worst[state] = worst;
                self.skill_best[state] = skill_best;
                self.skill_worst[state] = skill_worst;
                self.paths[state] = paths;
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

    /// Best value (see [`crate::scoring::outcome_value`]) reachable from the initial state.
    pub fn best_value(&self) -> Option<u32> {
        self.value_range(&self.states[0]).map(|(best, _)| best)
    }

    /// Best and worst values reachable from `state`, if it was explored and an ending lies
    /// ahead of it.
    pub fn value_range(&self, state: &State) -> Option<(u32, u32)> {
        let &index = self.index.get(state)?;
        let index = index as usize;
        (self.best[index] != NO_VALUE).then(|| (self.best[index] as u32, self.worst[index] as u32))
    }

    /// Number of distinct choice sequences from the initial state to an ending (saturating).
    pub fn path_count(&self) -> u128 {
        self.paths[0]
    }

    /// Choices that reach the best value.
    pub fn best_choices(&self) -> Vec<Choice> {
        self.follow(|analysis, state, edge| {
            analysis.best[edge.target as usize] == analysis.best[state]
        })
    }

    /// Choices that reach the worst value.
    pub fn worst_choices(&self) -> Vec<Choice> {
        self.follow(|analysis, state, edge| {
            analysis.worst[edge.target as usize] == analysis.worst[state]
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
        (self.best[0] != NO_VALUE).then(|| (self.skill_best[0], self.skill_worst[0]))
    }

    /// Choices that earn the most (`highest`) or fewest points of skill `skill`.
    pub fn skill_choices(&self, skill: usize, highest: bool) -> Vec<Choice> {
        self.follow(|analysis, state, edge| {
            let target = edge.target as usize;
            let (through, here) = if highest {
                (
                    edge.points.plus(analysis.skill_best[target]).0[skill],
                    analysis.skill_best[state].0[skill],
                )
            } else {
                (
                    edge.points.plus(analysis.skill_worst[target]).0[skill],
                    analysis.skill_worst[state].0[skill],
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
        if self.best[0] == NO_VALUE {
            return choices;
        }
        while let Some(edge) = self
            .edges_of(state)
            .iter()
            .find(|edge| self.best[edge.target as usize] != NO_VALUE && pick(self, state, edge))
        {
            choices.push(edge.choice);
            state = edge.target as usize;
        }
        choices
    }

    /// The choices that first reached state `index`.
    fn path_to(&self, mut index: usize) -> Vec<(State, Choice)> {
        let mut path = Vec::new();
        while let Some((parent, choice)) = self.parent[index] {
            path.push((self.states[parent as usize], choice));
            index = parent as usize;
        }
        path.reverse();
        path
    }
}
