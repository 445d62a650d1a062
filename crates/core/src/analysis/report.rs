//! What the analysis tells an author, as plain data: printed by `rapport analyze`, serialised
//! by `--json`, shown by the game's author view.

use serde::Serialize;

use super::cues::{Decision, MIN_DECISIONS_TO_WARN, SurfaceCues, Tell, WARNING_MARGIN};
use super::{Analysis, Exactness, NO_VALUE};
use crate::scenario::format::{Outcome, Skill};
use crate::scenario::model::{Meters, Scenario, Target};
use crate::scoring::{CustomerOutcome, customer_outcome, overall_score};
use crate::session::{Choice, State, step};

/// The whole analysis of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisReport {
    pub scenario_id: String,
    pub title: String,
    /// Whether every reachable state was explored; when not, every figure below is about the
    /// states kept.
    pub exactness: Exactness,
    pub states: usize,
    pub moves: usize,
    /// Distinct choice sequences from the opening to an ending (saturates at 2^128 - 1).
    pub distinct_paths: u128,
    pub best: Option<Extreme>,
    pub worst: Option<Extreme>,
    pub skills: Vec<SkillRange>,
    pub endings: Vec<EndingReach>,
    /// Nodes no play reaches once conditions are taken into account.
    pub unreached_nodes: Vec<String>,
    pub dead_ends: Vec<DeadEnd>,
    pub dominated: Vec<Dominated>,
    pub bias: AuthoringBias,
    /// What the form of the replies gives away, over the same decisions as `bias`.
    pub cues: SurfaceCues,
}

/// The best or worst reachable result and the choices that reach it.
#[derive(Debug, Clone, Serialize)]
pub struct Extreme {
    pub score: u8,
    pub value: u32,
    pub ending: String,
    pub outcome: Outcome,
    pub customer: CustomerOutcome,
    pub meters: Meters,
    pub path: Vec<PathStep>,
}

/// One choice on a path, as an author reads it.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    pub node: String,
    /// 1-based position of the response in the node's authored list; `None` for silence.
    pub response: Option<usize>,
    pub text: String,
}

/// Best and worst reachable points for one skill.
#[derive(Debug, Clone, Serialize)]
pub struct SkillRange {
    pub skill: Skill,
    pub best: i16,
    pub worst: i16,
    pub best_path: Vec<PathStep>,
    pub worst_path: Vec<PathStep>,
}

/// Whether an ending can be reached, and in how many states.
#[derive(Debug, Clone, Serialize)]
pub struct EndingReach {
    pub id: String,
    pub outcome: Outcome,
    pub reached: bool,
    /// Distinct end states (meters, flags) in which it is reached.
    pub end_states: usize,
}

/// A reachable state where no response is offered and there is no time limit.
#[derive(Debug, Clone, Serialize)]
pub struct DeadEnd {
    pub node: String,
    pub meters: Meters,
    pub flags: Vec<String>,
    /// One way to get there.
    pub path: Vec<PathStep>,
}

/// A response never better than a sibling on any measure: immediate change to each meter,
/// skill points, and best and worst reachable value after it.
#[derive(Debug, Clone, Serialize)]
pub struct Dominated {
    pub node: String,
    pub response: usize,
    pub text: String,
    pub by_response: usize,
    pub by_text: String,
}

/// Patterns a trainee could learn instead of the skill.
#[derive(Debug, Clone, Serialize)]
pub struct AuthoringBias {
    /// Decision nodes where one or more responses are strictly best.
    pub decisions: usize,
    /// Share of those where a best response is listed first.
    pub best_is_first: f64,
    /// Share where a best response is the longest text.
    pub best_is_longest: f64,
    /// Share expected if best responses were placed at random.
    pub by_chance: f64,
    /// Plain-language warnings, empty when nothing stands out.
    pub warnings: Vec<String>,
}

impl Analysis {
    /// Builds the author-facing report, counting the default tells.
    pub fn report(&self, scenario: &Scenario) -> AnalysisReport {
        self.report_with_tells(scenario, &Tell::defaults_and(&[]))
    }

    /// Builds the author-facing report, counting `tells` (see [`Tell::defaults_and`]).
    pub fn report_with_tells(&self, scenario: &Scenario, tells: &[Tell]) -> AnalysisReport {
        let decisions = self.decisions(scenario);
        let (skill_best, skill_worst) = self.skill_range().unwrap_or_default();
        let skills = Skill::ALL
            .iter()
            .filter(|skill| skill_best.get(**skill) != 0 || skill_worst.get(**skill) != 0)
            .map(|&skill| SkillRange {
                skill,
                best: skill_best.get(skill),
                worst: skill_worst.get(skill),
                best_path: self.describe(scenario, &self.skill_choices(skill.index(), true)),
                worst_path: self.describe(scenario, &self.skill_choices(skill.index(), false)),
            })
            .collect();
        AnalysisReport {
            scenario_id: scenario.meta.id.clone(),
            title: scenario.meta.title.clone(),
            exactness: self.exactness(),
            states: self.state_count(),
            moves: self.edge_count(),
            distinct_paths: self.path_count(),
            best: self.extreme(scenario, &self.best_choices()),
            worst: self.extreme(scenario, &self.worst_choices()),
            skills,
            endings: self.endings(scenario),
            unreached_nodes: self.unreached_nodes(scenario),
            dead_ends: self.dead_ends(scenario),
            dominated: self.dominated(scenario),
            bias: bias(&decisions),
            cues: SurfaceCues::measure(&decisions, tells),
        }
    }

    /// Replays `choices` from the initial state and names each step.
    fn describe(&self, scenario: &Scenario, choices: &[Choice]) -> Vec<PathStep> {
        let mut state = self.states[0];
        let mut steps = Vec::new();
        for &choice in choices {
            steps.push(path_step(scenario, &state, choice));
            match step(scenario, &state, choice) {
                Ok(moved) => state = moved.state,
                Err(_) => break,
            }
        }
        steps
    }

    fn extreme(&self, scenario: &Scenario, choices: &[Choice]) -> Option<Extreme> {
        let best = self.best_value()?;
        let mut state = self.states[0];
        for &choice in choices {
            state = step(scenario, &state, choice).ok()?.state;
        }
        let Target::Ending(ending) = state.at else {
            return None;
        };
        let ending = scenario.ending(ending);
        let value = crate::scoring::outcome_value(ending.outcome, state.meters);
        Some(Extreme {
            score: overall_score(value, best),
            value,
            ending: ending.id.clone(),
            outcome: ending.outcome,
            customer: customer_outcome(ending.outcome, state.meters),
            meters: state.meters,
            path: self.describe(scenario, choices),
        })
    }

    fn endings(&self, scenario: &Scenario) -> Vec<EndingReach> {
        let mut end_states = vec![0usize; scenario.endings.len()];
        for state in &self.states {
            if let Target::Ending(ending) = state.at {
                end_states[ending as usize] += 1;
            }
        }
        scenario
            .endings
            .iter()
            .zip(end_states)
            .map(|(ending, count)| EndingReach {
                id: ending.id.clone(),
                outcome: ending.outcome,
                reached: count > 0,
                end_states: count,
            })
            .collect()
    }

    fn unreached_nodes(&self, scenario: &Scenario) -> Vec<String> {
        let mut seen = vec![false; scenario.nodes.len()];
        for state in &self.states {
            if let Target::Node(node) = state.at {
                seen[node as usize] = true;
            }
        }
        scenario
            .nodes
            .iter()
            .zip(seen)
            .filter(|(_, seen)| !seen)
            .map(|(node, _)| node.id.clone())
            .collect()
    }

    fn dead_ends(&self, scenario: &Scenario) -> Vec<DeadEnd> {
        let mut found = Vec::new();
        let mut nodes_reported = std::collections::HashSet::new();
        for (index, state) in self.states.iter().enumerate() {
            let Target::Node(node) = state.at else {
                continue;
            };
            // Report each node once: one example path is enough to find the gap.
            if !self.edges_of(index).is_empty() || !nodes_reported.insert(node) {
                continue;
            }
            let path = self
                .path_to(index)
                .into_iter()
                .map(|(before, choice)| path_step(scenario, &before, choice))
                .collect();
            found.push(DeadEnd {
                node: scenario.node(node).id.clone(),
                meters: state.meters,
                flags: scenario
                    .flag_list(state.flags)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                path,
            });
        }
        found
    }

    /// For every pair of responses at a node, compares them in every state where both are
    /// offered. A response is dominated when a sibling is at least as good on every measure
    /// in every such state, and strictly better somewhere.
    fn dominated(&self, scenario: &Scenario) -> Vec<Dominated> {
        const MAX: usize = crate::scenario::validate::MAX_RESPONSES;
        #[derive(Clone, Copy)]
        struct Pair {
            together: bool,
            never_worse: bool,
            sometimes_better: bool,
        }
        let fresh = [[Pair {
            together: false,
            never_worse: true,
            sometimes_better: false,
        }; MAX]; MAX];
        let mut pairs: foldhash::HashMap<u32, Box<[[Pair; MAX]; MAX]>> = Default::default();
        for (index, state) in self.states.iter().enumerate() {
            let Target::Node(node) = state.at else {
                continue;
            };
            let measures: Vec<(usize, [i32; 6])> = self
                .edges_of(index)
                .iter()
                .filter_map(|edge| {
                    let Choice::Response(response) = edge.choice else {
                        return None;
                    };
                    let effect = scenario.node(node).responses[usize::from(response)].effect;
                    let target = edge.target as usize;
                    let skill_total: i32 = edge.points.0.iter().map(|p| i32::from(*p)).sum();
                    let measure = [
                        i32::from(effect.satisfaction),
                        i32::from(effect.trust),
                        i32::from(effect.patience),
                        skill_total,
                        self.values[target].best,
                        if self.values[target].best == NO_VALUE {
                            NO_VALUE
                        } else {
                            self.values[target].worst
                        },
                    ];
                    Some((usize::from(response), measure))
                })
                .collect();
            if measures.len() < 2 {
                continue;
            }
            let table = pairs.entry(node).or_insert_with(|| Box::new(fresh));
            for &(weaker, weak) in &measures {
                for &(stronger, strong) in &measures {
                    if weaker == stronger || weaker >= MAX || stronger >= MAX {
                        continue;
                    }
                    let pair = &mut table[weaker][stronger];
                    pair.together = true;
                    pair.never_worse &= strong.iter().zip(weak).all(|(s, w)| *s >= w);
                    pair.sometimes_better |= strong.iter().zip(weak).any(|(s, w)| *s > w);
                }
            }
        }
        let mut nodes: Vec<u32> = pairs.keys().copied().collect();
        nodes.sort_unstable();
        let mut found = Vec::new();
        for node in nodes {
            let table = &pairs[&node];
            let responses = &scenario.node(node).responses;
            for weaker in 0..responses.len().min(MAX) {
                let by = (0..responses.len().min(MAX)).find(|&stronger| {
                    let pair = table[weaker][stronger];
                    pair.together && pair.never_worse && pair.sometimes_better
                });
                if let Some(stronger) = by {
                    found.push(Dominated {
                        node: scenario.node(node).id.clone(),
                        response: weaker + 1,
                        text: responses[weaker].text.clone(),
                        by_response: stronger + 1,
                        by_text: responses[stronger].text.clone(),
                    });
                }
            }
        }
        found
    }
}

/// Where the best response sits at each decision: first listed? longest?
fn bias(decisions: &[Decision]) -> AuthoringBias {
    let (mut first, mut longest, mut chance) = (0usize, 0usize, 0.0f64);
    for decision in decisions {
        let replies = &decision.replies;
        let best = replies.iter().filter(|reply| reply.best).count();
        chance += best as f64 / replies.len() as f64;
        first += usize::from(
            replies
                .iter()
                .any(|reply| reply.best && reply.position == 1),
        );
        // Of equally long replies, the one listed first counts as the longest.
        let longest_reply = replies.iter().max_by_key(|reply| {
            (
                reply.text.chars().count(),
                std::cmp::Reverse(reply.position),
            )
        });
        longest += usize::from(longest_reply.is_some_and(|reply| reply.best));
    }
    let count = decisions.len();
    let share = |part: f64| if count == 0 { 0.0 } else { part / count as f64 };
    let by_chance = share(chance);
    let mut warnings = Vec::new();
    if count >= MIN_DECISIONS_TO_WARN {
        let percent = |x: f64| (x * 100.0).round();
        if share(first as f64) >= by_chance + WARNING_MARGIN {
            warnings.push(format!(
                "the best response is listed first at {}% of decisions (chance: {}%): trainees may learn to pick the first reply; keep `shuffle_responses` on or vary the order",
                percent(share(first as f64)),
                percent(by_chance)
            ));
        }
        if share(longest as f64) >= by_chance + WARNING_MARGIN {
            warnings.push(format!(
                "the best response is the longest at {}% of decisions (chance: {}%): trainees may learn to pick the longest reply; make some wrong answers long and some right answers short",
                percent(share(longest as f64)),
                percent(by_chance)
            ));
        }
    }
    AuthoringBias {
        decisions: count,
        best_is_first: share(first as f64),
        best_is_longest: share(longest as f64),
        by_chance,
        warnings,
    }
}

/// Names one choice at `state`.
pub fn path_step(scenario: &Scenario, state: &State, choice: Choice) -> PathStep {
    let node = match state.at {
        Target::Node(node) => scenario.node(node),
        Target::Ending(_) => {
            return PathStep {
                node: scenario.target_id(state.at).to_owned(),
                response: None,
                text: String::new(),
            };
        }
    };
    match choice {
        Choice::Response(index) => PathStep {
            node: node.id.clone(),
            response: Some(usize::from(index) + 1),
            text: node
                .responses
                .get(usize::from(index))
                .map(|r| r.text.clone())
                .unwrap_or_default(),
        },
        Choice::Silence => PathStep {
            node: node.id.clone(),
            response: None,
            text: "(stays silent)".into(),
        },
    }
}
