//! The debrief after a finished session: outcome, scores, and for every choice what a better
//! reply was and what it would have gained. The text player prints it; the game draws it.

use serde::Serialize;

use crate::analysis::cache::AnalysisCache;
use crate::analysis::table::{Outlook, ValueTable};
use crate::analysis::{Analysis, Exactness, Limits};
use crate::scenario::format::{Outcome, Pitfall, Skill};
use crate::scenario::model::{Delta, Meters};
use crate::scoring::{
    CustomerOutcome, SkillPoints, customer_outcome, outcome_value, overall_score, skill_score,
};
use crate::session::{Choice, SILENCE_LABEL, Session, State, step};

/// How many turning points a debrief highlights.
pub const TURNING_POINTS: usize = 3;

/// Everything a trainee is shown after a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    pub scenario_id: String,
    pub title: String,
    pub ending: String,
    pub ending_text: String,
    pub outcome: Outcome,
    pub customer: CustomerOutcome,
    /// 0-100, relative to the best outcome the scenario allows.
    pub score: u8,
    pub value: u32,
    pub best_value: u32,
    pub skills: Vec<SkillResult>,
    pub pitfalls: Vec<(Pitfall, usize)>,
    /// Meters at the start and after each turn.
    pub meters: Vec<Meters>,
    pub turns: Vec<TurnReview>,
    /// Indices into `turns` of the choices that cost the most, costliest first.
    pub turning_points: Vec<usize>,
    /// Whether the best outcome (and so `score`) was found exactly or estimated because the
    /// scenario has too many states to analyse whole.
    pub exactness: Exactness,
}

/// The trainee's result for one skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillResult {
    pub skill: Skill,
    pub points: i16,
    /// Points earned on the scenario's best path: the reference for `score`.
    pub best: i16,
    /// `points` as a share of `best`, 0-100 (capped at 100).
    pub score: Option<u8>,
}

/// One choice looked at again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnReview {
    /// 1-based.
    pub number: usize,
    pub node: String,
    pub customer_line: String,
    /// The trainee's words, or [`SILENCE_LABEL`].
    pub reply: String,
    pub coaching: String,
    pub skills: Vec<Skill>,
    pub pitfalls: Vec<Pitfall>,
    pub applied: Delta,
    pub walked_out: bool,
    /// Best overall score still reachable after this choice.
    pub best_score_after: u8,
    /// The reply that kept the most within reach, when it beats the one chosen.
    pub better: Option<Alternative>,
}

/// A better reply at a turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub text: String,
    pub coaching: String,
    /// Overall-score points more that were within reach after it.
    pub gain: u8,
}

/// Why a debrief could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DebriefError {
    #[error("the session has not reached an ending")]
    NotFinished,
}

impl Debrief {
    /// "interrupting x2, jargon x1", or `None` when the trainee fell into no pitfall.
    pub fn pitfall_summary(&self) -> Option<String> {
        let list: Vec<String> = self
            .pitfalls
            .iter()
            .map(|(pitfall, count)| format!("{} x{count}", pitfall.label()))
            .collect();
        (!list.is_empty()).then(|| list.join(", "))
    }

    /// Debrief of a finished session, analysing the scenario from where the session began.
    pub fn of(session: &Session) -> Result<Self, DebriefError> {
        if session.ending().is_none() {
            return Err(DebriefError::NotFinished);
        }
        let analysis = Analysis::within(
            session.scenario(),
            session.initial_state(),
            Limits::STANDARD,
            &states_to_keep(session),
        );
        Self::with_outlook(session, &analysis)
    }

    /// Debrief of a finished session, with the values from `cache` when it holds them (or can
    /// keep them: exact analyses are stored for the next debrief).
    pub fn using_cache(session: &Session, cache: &AnalysisCache) -> Result<Self, DebriefError> {
        match cache.table_for(session.scenario(), session.initial_state()) {
            Some((table, _)) => Self::with_outlook(session, &table),
            None => Self::of(session),
        }
    }

    /// Debrief with the values prepared while the session was played (see
    /// [`crate::analysis::cache::prepare`]), when they are for this session's scenario version
    /// and start; else the scenario is analysed now.
    pub fn with_prepared(
        session: &Session,
        prepared: Option<&ValueTable>,
    ) -> Result<Self, DebriefError> {
        match prepared {
            Some(table) if table.is_for(session.scenario(), &session.initial_state()) => {
                Self::with_outlook(session, table)
            }
            _ => Self::of(session),
        }
    }

    /// Debrief using values already worked out from the session's initial state.
    pub fn with_outlook(session: &Session, analysis: &impl Outlook) -> Result<Self, DebriefError> {
        let ending = session.ending().ok_or(DebriefError::NotFinished)?;
        let scenario = session.scenario();
        let final_meters = session.meters();
        let value = outcome_value(ending.outcome, final_meters);
        let best_value = analysis.best_value().unwrap_or(value).max(value);
        let score_of = |value: u32| overall_score(value, best_value);

        let mut turns = Vec::new();
        let mut earned = SkillPoints::default();
        let mut pitfall_counts: Vec<(Pitfall, usize)> = Vec::new();
        for (index, exchange) in session.transcript().iter().enumerate() {
            earned = earned.plus(SkillPoints::of(&exchange.skills, &exchange.pitfalls));
            for pitfall in &exchange.pitfalls {
                match pitfall_counts.iter_mut().find(|(p, _)| p == pitfall) {
                    Some((_, count)) => *count += 1,
                    None => pitfall_counts.push((*pitfall, 1)),
                }
            }
            let best_after = |choice: Choice| {
                step(scenario, &exchange.before, choice)
                    .ok()
                    .and_then(|moved| analysis.best_after(&moved.state))
            };
            let chosen_best = best_after(exchange.choice).unwrap_or(0);
            let alternatives = exchange.prompt.choices();
            let better = alternatives
                .iter()
                .filter_map(|&choice| best_after(choice).map(|best| (choice, best)))
                .filter(|&(_, best)| score_of(best) > score_of(chosen_best))
                .max_by_key(|&(choice, best)| {
                    (
                        best,
                        std::cmp::Reverse(alternatives.iter().position(|c| *c == choice)),
                    )
                })
                .map(|(choice, best)| {
                    let node = scenario.node(exchange.prompt.node);
                    let (text, coaching) = match choice {
                        Choice::Response(i) => {
                            let response = &node.responses[usize::from(i)];
                            (response.text.clone(), response.coaching.clone())
                        }
                        Choice::Silence => (
                            SILENCE_LABEL.to_owned(),
                            node.silence
                                .as_ref()
                                .map(|s| s.coaching.clone())
                                .unwrap_or_default(),
                        ),
                    };
                    Alternative {
                        text,
                        coaching,
                        gain: score_of(best) - score_of(chosen_best),
                    }
                });
            turns.push(TurnReview {
                number: index + 1,
                node: scenario.node(exchange.prompt.node).id.clone(),
                customer_line: exchange.prompt.customer_line(),
                reply: exchange.reply_shown().to_owned(),
                coaching: exchange.coaching.clone(),
                skills: exchange.skills.clone(),
                pitfalls: exchange.pitfalls.clone(),
                applied: exchange.applied,
                walked_out: exchange.walked_out,
                best_score_after: score_of(chosen_best),
                better,
            });
        }

        let mut turning_points: Vec<usize> = (0..turns.len())
            .filter(|&i| turns[i].better.is_some())
            .collect();
        turning_points.sort_by_key(|&i| {
            (
                std::cmp::Reverse(turns[i].better.as_ref().map_or(0, |b| b.gain)),
                i,
            )
        });
        turning_points.truncate(TURNING_POINTS);

        let reference = analysis.best_path_points();
        let skills = Skill::ALL
            .iter()
            .filter(|&&skill| reference.get(skill) > 0 || earned.get(skill) != 0)
            .map(|&skill| SkillResult {
                skill,
                points: earned.get(skill),
                best: reference.get(skill),
                score: skill_score(earned.get(skill), reference.get(skill)),
            })
            .collect();

        let mut meters = vec![session.initial_state().meters];
        meters.extend(
            session
                .transcript()
                .iter()
                .map(|exchange| exchange.after.meters),
        );

        Ok(Debrief {
            scenario_id: scenario.meta.id.clone(),
            title: scenario.meta.title.clone(),
            ending: ending.id.clone(),
            ending_text: ending.text.clone(),
            outcome: ending.outcome,
            customer: customer_outcome(ending.outcome, final_meters),
            score: score_of(value),
            value,
            best_value,
            skills,
            pitfalls: pitfall_counts,
            meters,
            turns,
            turning_points,
            exactness: analysis.exactness(),
        })
    }
}

/// The states a debrief looks up: where each choice led, and where every other reply on offer
/// would have led. An approximate analysis keeps them, so each has a value.
pub fn states_to_keep(session: &Session) -> Vec<State> {
    let scenario = session.scenario();
    session
        .transcript()
        .iter()
        .flat_map(|exchange| {
            exchange
                .prompt
                .choices()
                .into_iter()
                .filter_map(|choice| step(scenario, &exchange.before, choice).ok())
                .map(|moved| moved.state)
                .chain(std::iter::once(exchange.after))
        })
        .collect()
}
