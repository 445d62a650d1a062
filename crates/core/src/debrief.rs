//! The debrief after a finished session: outcome, scores, and for every choice what a better
//! reply was and what it would have gained. The text player prints it; the game draws it.

use serde::Serialize;

use crate::analysis::cache::AnalysisCache;
use crate::analysis::table::{Outlook, ValueTable};
use crate::analysis::{Analysis, Exactness, Limits};
use crate::scenario::format::{Outcome, Pitfall, Skill};
use crate::scenario::model::{Delta, Meters, Target};
use crate::scoring::{
    CustomerOutcome, Money, SkillPoints, SkillReading, overall_score, score_move, score_path,
    session_cost, skill_reading,
};
use crate::session::{Choice, SILENCE_LABEL, Session, State, step};

/// How many turning points a debrief highlights.
pub const TURNING_POINTS: usize = 3;

/// Everything a trainee is shown after a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    pub scenario_id: String,
    pub title: String,
    /// `false` for a tutorial: the figures are worked out but not shown as a score, and the
    /// session is not stored.
    pub scored: bool,
    pub ending: String,
    pub ending_text: String,
    pub outcome: Outcome,
    /// Whether the ending is the one the scenario teaches (scored as resolved).
    pub intended: bool,
    pub customer: CustomerOutcome,
    /// 0-100, relative to the best outcome the scenario allows.
    pub score: u8,
    /// The session's value (see `docs/scoring.md`): may be negative.
    pub value: i32,
    pub best_value: i32,
    /// The customer's effort over the conversation, which CSAT and the value charge.
    pub effort: EffortSummary,
    /// Money kept and spent, for a scenario that gives the customer's value.
    pub money: Option<Money>,
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
    /// `points` as a share of `best`, 0-100 (capped at 100); `None` when the skill is not
    /// scored, `reading` says why.
    pub score: Option<u8>,
    /// The score, or why there is none: the best path does not call on the skill, or calls on
    /// it too little to measure ("not enough evidence").
    pub reading: SkillReading,
}

/// The customer's effort over a conversation, in units (see `docs/scoring.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EffortSummary {
    /// Turns beyond the fewest any path takes to the same ending.
    pub extra_turns: u16,
    /// Silences the trainee let run out.
    pub silences: u32,
    /// Effort the chosen replies put on the customer (transfers, repeated questions).
    pub from_replies: u32,
    /// All of it, in effort units.
    pub total: u32,
}

impl EffortSummary {
    /// "none" or "3 (1 turn more than the shortest way to this ending, 2 from replies)". The
    /// shortest way may skip listening; the best path's own turns are the reference for the
    /// score, so this is what the customer went through, not a charge against the trainee.
    pub fn describe(&self) -> String {
        let plural = |count: u32, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let parts: Vec<String> = [
            (u32::from(self.extra_turns) > 0).then(|| {
                plural(
                    u32::from(self.extra_turns),
                    "turn more than the shortest way to this ending",
                    "turns more than the shortest way to this ending",
                )
            }),
            (self.silences > 0).then(|| plural(self.silences, "silence", "silences")),
            (self.from_replies > 0).then(|| format!("{} from replies", self.from_replies)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            format!("{} ({})", self.total, parts.join(", "))
        }
    }
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
    /// The lesson in one line, when the author wrote one.
    pub takeaway: Option<String>,
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
    /// Whether the turning points cover the whole session: after a typed reply nobody
    /// understood ([`Pitfall::Unclear`]) the conversation is where the analysis never went,
    /// so no gain is measured from there (an empty list then means "not measured", not "no
    /// mistake").
    pub fn turning_points_measured(&self) -> bool {
        !self
            .pitfalls
            .iter()
            .any(|(pitfall, _)| *pitfall == Pitfall::Unclear)
    }

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
        let end_state = session.state();
        let Target::Ending(ending_index) = end_state.at else {
            return Err(DebriefError::NotFinished);
        };
        let scored = score_path(
            scenario,
            &end_state,
            session_cost(session),
            analysis.fewest_turns(ending_index),
        )
        .ok_or(DebriefError::NotFinished)?;
        let value = scored.value;
        let best_value = analysis.best_value().unwrap_or(value).max(value);
        let score_of = |value: i32| overall_score(value, best_value);

        let mut turns = Vec::new();
        let mut earned = SkillPoints::default();
        let mut pitfall_counts: Vec<(Pitfall, usize)> = Vec::new();
        for (index, exchange) in session.transcript().iter().enumerate() {
            let node = exchange.prompt.node;
            earned = earned.plus(score_move(scenario, node, exchange.choice).0);
            for pitfall in &exchange.pitfalls {
                match pitfall_counts.iter_mut().find(|(p, _)| p == pitfall) {
                    Some((_, count)) => *count += 1,
                    None => pitfall_counts.push((*pitfall, 1)),
                }
            }
            // The best still within reach through a choice: after it, less what it costs.
            let best_after = |choice: Choice| {
                let cost = score_move(scenario, node, choice).1.value;
                step(scenario, &exchange.before, choice)
                    .ok()
                    .and_then(|moved| analysis.best_after(&moved.state))
                    .map(|best| best.saturating_sub(cost))
            };
            // A reply nobody understood leads where the analysis never went (it explores the
            // offered moves only): no gain can be measured from there, so none is claimed.
            let chosen_best = best_after(exchange.choice);
            let alternatives = if chosen_best.is_some() {
                exchange.prompt.choices()
            } else {
                Vec::new()
            };
            let chosen_best = chosen_best.unwrap_or(i32::MIN);
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
                        // Never a better move: prompts do not offer it.
                        Choice::Unclear => (
                            crate::session::UNCLEAR_LABEL.to_owned(),
                            crate::session::UNCLEAR_COACHING.to_owned(),
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
                takeaway: exchange.takeaway.clone(),
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
            .map(|&skill| {
                let reading = skill_reading(earned.get(skill), reference.get(skill));
                SkillResult {
                    skill,
                    points: earned.get(skill),
                    best: reference.get(skill),
                    score: reading.score(),
                    reading,
                }
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
            scored: scenario.meta.scored,
            title: scenario.meta.title.clone(),
            ending: ending.id.clone(),
            ending_text: ending.text.clone(),
            outcome: ending.outcome,
            intended: ending.intended,
            customer: scored.customer,
            score: score_of(value),
            value,
            best_value,
            effort: EffortSummary {
                extra_turns: scored.end.extra_turns,
                silences: scored.moves.silences,
                from_replies: scored.moves.effort,
                total: scored.effort,
            },
            money: scored.money,
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
