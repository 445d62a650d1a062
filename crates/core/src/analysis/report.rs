//! What the analysis tells an author, as plain data: printed by `rapport analyze`, serialised
//! by `--json`, shown by the game's author view.

use serde::Serialize;

use super::cues::{Decision, MIN_DECISIONS_TO_WARN, SurfaceCues, Tell, WARNING_MARGIN};
use super::{Analysis, Exactness, NO_VALUE};
use crate::scenario::format::{Outcome, Pitfall, Skill};
use crate::scenario::model::{Meters, Scenario, Target};
use crate::scoring::{CustomerOutcome, MIN_EVIDENCE_POINTS, Money, overall_score, score_path};
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
    /// What the scoring model finds questionable: mistakes that pay, an intended ending the
    /// best path misses, skills too thin on the best path to score.
    pub scoring: ScoringChecks,
    pub bias: AuthoringBias,
    /// What the form of the replies gives away, over the same decisions as `bias`.
    pub cues: SurfaceCues,
}

/// The best or worst reachable result and the choices that reach it.
#[derive(Debug, Clone, Serialize)]
pub struct Extreme {
    pub score: u8,
    pub value: i32,
    pub ending: String,
    pub outcome: Outcome,
    /// Whether the ending is one the author marked as the one the scenario teaches.
    pub intended: bool,
    pub customer: CustomerOutcome,
    pub meters: Meters,
    /// Customer effort on the path: turns beyond need, silences, authored effort.
    pub effort: u32,
    /// Money kept and spent, for a scenario with a customer value.
    pub money: Option<Money>,
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
    /// Points earned on the path to the best value: the reference for trainees' skill scores.
    pub on_best_path: i16,
    /// Whether `on_best_path` is enough to score the skill (see
    /// [`crate::scoring::MIN_EVIDENCE_POINTS`]).
    pub enough_evidence: bool,
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

/// What the scoring model finds questionable in a scenario.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoringChecks {
    /// Replies (or silences) with a pitfall through which more value is within reach than
    /// through the best reply without one offered beside them.
    pub mistakes_that_pay: Vec<MistakePays>,
    /// Ids of the endings the author marked as intended.
    pub intended: Vec<String>,
    /// Whether the best path ends at an intended ending; `None` when none is marked.
    pub best_is_intended: Option<bool>,
    /// Skills the best path calls on with fewer than [`MIN_EVIDENCE_POINTS`] points.
    pub thin_skills: Vec<Skill>,
    /// Plain-language warnings, empty when nothing stands out.
    pub warnings: Vec<String>,
}

/// A choice that falls into a pitfall yet keeps more value within reach than avoiding it.
#[derive(Debug, Clone, Serialize)]
pub struct MistakePays {
    pub node: String,
    /// 1-based position of the reply; `None` for silence.
    pub response: Option<usize>,
    pub text: String,
    pub pitfalls: Vec<Pitfall>,
    /// The best reply without a pitfall, where the mistake pays most.
    pub clean_response: usize,
    pub clean_text: String,
    /// Value points more within reach through the mistake than through the clean reply.
    pub by: i32,
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
        let on_best_path = self.best_path_points();
        let skills = Skill::ALL
            .iter()
            .filter(|skill| skill_best.get(**skill) != 0 || skill_worst.get(**skill) != 0)
            .map(|&skill| SkillRange {
                skill,
                best: skill_best.get(skill),
                worst: skill_worst.get(skill),
                on_best_path: on_best_path.get(skill),
                enough_evidence: on_best_path.get(skill) >= MIN_EVIDENCE_POINTS,
                best_path: self.describe(scenario, &self.skill_choices(skill.index(), true)),
                worst_path: self.describe(scenario, &self.skill_choices(skill.index(), false)),
            })
            .collect();
        let best = self.extreme(scenario, &self.best_choices());
        AnalysisReport {
            scoring: self.scoring_checks(scenario, best.as_ref()),
            scenario_id: scenario.meta.id.clone(),
            title: scenario.meta.title.clone(),
            exactness: self.exactness(),
            states: self.state_count(),
            moves: self.edge_count(),
            distinct_paths: self.path_count(),
            best,
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
        let (state, moves) = self.walk(scenario, choices)?;
        let Target::Ending(index) = state.at else {
            return None;
        };
        let scored = score_path(scenario, &state, moves, self.fewest_turns(index))?;
        let ending = scenario.ending(index);
        Some(Extreme {
            score: overall_score(scored.value, best),
            value: scored.value,
            ending: ending.id.clone(),
            outcome: ending.outcome,
            intended: ending.intended,
            customer: scored.customer,
            meters: state.meters,
            effort: scored.effort,
            money: scored.money,
            path: self.describe(scenario, choices),
        })
    }

    /// The scoring model's checks, given the report's best path.
    fn scoring_checks(&self, scenario: &Scenario, best: Option<&Extreme>) -> ScoringChecks {
        let mut checks = ScoringChecks {
            mistakes_that_pay: self.mistakes_that_pay(scenario),
            intended: scenario
                .endings
                .iter()
                .filter(|ending| ending.intended)
                .map(|ending| ending.id.clone())
                .collect(),
            ..ScoringChecks::default()
        };
        for mistake in &checks.mistakes_that_pay {
            let names: Vec<&str> = mistake.pitfalls.iter().map(|p| p.label()).collect();
            let what = match mistake.response {
                Some(number) => format!("reply {number} (\"{}\")", mistake.text),
                None => "silence".to_owned(),
            };
            checks.warnings.push(format!(
                "node `{}`: {what} falls into {} yet keeps {} value points more within reach than the best reply without a pitfall (reply {}): recovering from a mistake must never out-score not making it; make the mistake cost more later, or the clean reply pay more",
                mistake.node,
                names.join(", "),
                mistake.by,
                mistake.clean_response
            ));
        }
        if !checks.intended.is_empty()
            && let Some(best) = best
        {
            let reached = checks.intended.contains(&best.ending);
            checks.best_is_intended = Some(reached);
            if !reached {
                checks.warnings.push(format!(
                    "the best path ends at `{}`, not at the intended ending ({}): rebalance the effects so the ending the scenario teaches is the best one",
                    best.ending,
                    checks.intended.join(", ")
                ));
            }
        }
        let on_best_path = self.best_path_points();
        checks.thin_skills = Skill::ALL
            .into_iter()
            .filter(|&skill| (1..MIN_EVIDENCE_POINTS).contains(&on_best_path.get(skill)))
            .collect();
        for &skill in &checks.thin_skills {
            if scenario.meta.skills.contains(&skill) {
                checks.warnings.push(format!(
                    "the scenario trains {}, but its best path earns only {} point{} of it (at least {MIN_EVIDENCE_POINTS} are needed to score a skill): trainees will read \"not enough evidence\"",
                    skill.label(),
                    on_best_path.get(skill),
                    if on_best_path.get(skill) == 1 { "" } else { "s" }
                ));
            }
        }
        checks
    }

    /// Choices with a pitfall that keep more value within reach than the best choice without
    /// one in the same state, each reported once, where it pays most.
    fn mistakes_that_pay(&self, scenario: &Scenario) -> Vec<MistakePays> {
        // (node, choice) -> (margin, clean reply index)
        let mut found: std::collections::BTreeMap<(u32, Choice), (i32, u8)> = Default::default();
        for (index, state) in self.states.iter().enumerate() {
            let Target::Node(node) = state.at else {
                continue;
            };
            let edges = self.edges_of(index);
            let has_pitfall = |choice: Choice| match choice {
                Choice::Response(i) => !scenario.node(node).responses[usize::from(i)]
                    .pitfalls
                    .is_empty(),
                Choice::Silence => scenario
                    .node(node)
                    .silence
                    .as_ref()
                    .is_some_and(|silence| !silence.pitfalls.is_empty()),
                Choice::Unclear => true,
            };
            let clean = edges
                .iter()
                .filter_map(|edge| match edge.choice {
                    Choice::Response(i) if !has_pitfall(edge.choice) => {
                        Some((self.best_through(edge), i))
                    }
                    _ => None,
                })
                .filter(|(value, _)| *value != NO_VALUE)
                .max_by_key(|&(value, i)| (value, std::cmp::Reverse(i)));
            let Some((clean_value, clean_index)) = clean else {
                continue;
            };
            for edge in edges.iter().filter(|edge| has_pitfall(edge.choice)) {
                let through = self.best_through(edge);
                if through == NO_VALUE || through <= clean_value {
                    continue;
                }
                let margin = through.saturating_sub(clean_value);
                let entry = found.entry((node, edge.choice)).or_insert((0, clean_index));
                if margin > entry.0 {
                    *entry = (margin, clean_index);
                }
            }
        }
        found
            .into_iter()
            .map(|((node, choice), (by, clean))| {
                let node = scenario.node(node);
                let (response, text, pitfalls) = match choice {
                    Choice::Response(i) => {
                        let reply = &node.responses[usize::from(i)];
                        (
                            Some(usize::from(i) + 1),
                            reply.text.clone(),
                            reply.pitfalls.clone(),
                        )
                    }
                    Choice::Silence => (
                        None,
                        crate::session::SILENCE_LABEL.to_owned(),
                        node.silence
                            .as_ref()
                            .map(|silence| silence.pitfalls.clone())
                            .unwrap_or_default(),
                    ),
                    Choice::Unclear => (
                        None,
                        crate::session::UNCLEAR_LABEL.to_owned(),
                        vec![crate::scenario::format::Pitfall::Unclear],
                    ),
                };
                MistakePays {
                    node: node.id.clone(),
                    response,
                    text,
                    pitfalls,
                    clean_response: usize::from(clean) + 1,
                    clean_text: node.responses[usize::from(clean)].text.clone(),
                    by,
                }
            })
            .collect()
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
                    let measure = [
                        i32::from(effect.satisfaction),
                        i32::from(effect.trust),
                        i32::from(effect.patience),
                        edge.points.total(),
                        self.best_through(edge),
                        self.worst_through(edge),
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
        Choice::Unclear => PathStep {
            node: node.id.clone(),
            response: None,
            text: crate::session::UNCLEAR_LABEL.to_owned(),
        },
    }
}
