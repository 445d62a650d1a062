//! How a conversation is judged (scoring model 2), in the measures service teams use: CSAT,
//! NPS, retention, money kept and spent, per-skill scores and one overall score relative to
//! the best the scenario allows.
//!
//! A path's value is its ending's value less what its moves cost: the ending gives the
//! customer's feelings, the outcome, the money the customer's staying keeps and the turns
//! taken beyond need; each move can cost effort, money and pitfalls ([`path`]). Every formula
//! and constant here is documented in `docs/scoring.md`; keep the two in step (a test checks
//! the constant table).

pub mod money;
pub mod path;

use serde::Serialize;

use crate::scenario::format::{Outcome, PitfallSeverity, Skill};
use crate::scenario::model::{CustomerValue, Meters, RatedPitfall};

pub use money::Money;
pub use path::{EndFacts, MoveCost, PathScore, score_move, score_path, session_cost};

/// The scoring model this build computes. Stored with every session, so a score keeps the
/// meaning it had when it was earned; an import of an older model's session recomputes it.
pub const SCORING_MODEL: u32 = 2;

/// Percent of the customer's feeling that comes from satisfaction; trust gives the rest.
pub const SATISFACTION_SHARE: i32 = 60;
/// Percent of the customer's feeling that comes from trust.
pub const TRUST_SHARE: i32 = 40;
/// Value points one unit of customer effort costs (1 % of the best feeling).
pub const EFFORT_POINTS: i32 = 100;
/// Effort units a silence costs: dead air the customer sits through.
pub const SILENCE_EFFORT: u32 = 1;
/// Value points a year of the customer's value is worth: the money term of a customer who
/// stays, and what giving a year's value away costs.
pub const YEAR_OF_VALUE_POINTS: i64 = 5_000;
/// Fewest points a skill must be worth on the best path to be scored.
pub const MIN_EVIDENCE_POINTS: i16 = 3;
/// Effort units that cost one CSAT star.
pub const EFFORT_PER_STAR: u32 = 3;

/// The customer's answer to "how satisfied were you?" and "would you recommend us?", and
/// whether they stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CustomerOutcome {
    /// Customer satisfaction, 1-5 stars.
    pub csat: u8,
    /// Likelihood to recommend, 0-10.
    pub nps: u8,
    pub nps_category: NpsCategory,
    pub retention: Retention,
}

/// The NPS bucket of a 0-10 answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NpsCategory {
    /// 0-6.
    Detractor,
    /// 7-8.
    Passive,
    /// 9-10.
    Promoter,
}

/// Whether the customer stays with the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Retention {
    Stays,
    AtRisk,
    Leaves,
}

impl NpsCategory {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            NpsCategory::Promoter => "promoter",
            NpsCategory::Passive => "passive",
            NpsCategory::Detractor => "detractor",
        }
    }
}

impl Retention {
    /// Human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Retention::Stays => "stays",
            Retention::AtRisk => "at risk",
            Retention::Leaves => "leaves",
        }
    }

    /// The share of a year's value the business keeps, as (numerator, denominator): all of it
    /// from a customer who stays, half from one at risk (even odds), none from one who leaves.
    pub fn kept_share(self) -> (u32, u32) {
        match self {
            Retention::Stays => (1, 1),
            Retention::AtRisk => (1, 2),
            Retention::Leaves => (0, 1),
        }
    }
}

/// The outcome an ending is scored as: an intended ending counts as `Resolved` (it is what the
/// scenario teaches), except that a customer who is lost is still lost.
pub fn scored_outcome(outcome: Outcome, intended: bool) -> Outcome {
    match outcome {
        Outcome::CustomerLost => Outcome::CustomerLost,
        _ if intended => Outcome::Resolved,
        other => other,
    }
}

/// Weight of an ending in the experience value, in percent.
pub fn outcome_weight(outcome: Outcome, intended: bool) -> i32 {
    if intended {
        return 100;
    }
    match outcome {
        Outcome::Resolved => 100,
        Outcome::PartlyResolved => 80,
        Outcome::Escalated => 60,
        Outcome::CustomerLost => 25,
    }
}

/// Highest CSAT an outcome allows: a lost customer does not rate the call 5 stars.
fn csat_cap(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Resolved => 5,
        Outcome::PartlyResolved | Outcome::Escalated => 4,
        Outcome::CustomerLost => 2,
    }
}

/// Highest NPS answer an outcome allows.
fn nps_cap(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Resolved => 10,
        Outcome::PartlyResolved | Outcome::Escalated => 8,
        Outcome::CustomerLost => 4,
    }
}

/// NPS answer points for how the problem was left: the relationship credits a solution.
fn nps_credit(outcome: Outcome) -> u32 {
    match outcome {
        Outcome::Resolved => 2,
        Outcome::PartlyResolved | Outcome::Escalated => 1,
        Outcome::CustomerLost => 0,
    }
}

/// CSAT: satisfaction with this contact. The satisfaction band gives the stars (0-20 one,
/// 81-100 five), every [`EFFORT_PER_STAR`] units of effort take one away (never below 1),
/// and the outcome caps it.
pub fn csat(end: &EndFacts, effort: u32) -> u8 {
    let satisfaction = u32::from(end.meters.satisfaction);
    let band = (1 + satisfaction.saturating_sub(1) / 20).min(5);
    let stars = band.saturating_sub(effort / EFFORT_PER_STAR).max(1) as u8;
    stars.min(csat_cap(scored_outcome(end.outcome, end.intended)))
}

/// NPS: the relationship. round(8 T / 100) plus 2 for a resolved (or intended) ending, 1 for
/// partly resolved or escalated, capped by the outcome.
pub fn nps(end: &EndFacts) -> u8 {
    let outcome = scored_outcome(end.outcome, end.intended);
    let trust = u32::from(end.meters.trust);
    let answer = ((8 * trust + 50) / 100 + nps_credit(outcome)).min(10) as u8;
    answer.min(nps_cap(outcome))
}

/// Retention: whether the problem was solved and whether the customer believes the business.
/// A lost customer leaves; after a resolved (or intended) ending trust of 60 keeps them and
/// 35 leaves them at risk; after a partial fix or an escalation it takes 75 and 50.
pub fn retention(end: &EndFacts) -> Retention {
    let trust = end.meters.trust;
    let (stays, at_risk) = match scored_outcome(end.outcome, end.intended) {
        Outcome::CustomerLost => return Retention::Leaves,
        Outcome::Resolved => (60, 35),
        Outcome::PartlyResolved | Outcome::Escalated => (75, 50),
    };
    if trust >= stays {
        Retention::Stays
    } else if trust >= at_risk {
        Retention::AtRisk
    } else {
        Retention::Leaves
    }
}

/// CSAT, NPS and retention for a conversation that ended as `end` after `effort` units of
/// customer effort (turns beyond need, silences, authored effort).
pub fn customer_outcome(end: &EndFacts, effort: u32) -> CustomerOutcome {
    let nps = nps(end);
    CustomerOutcome {
        csat: csat(end, effort),
        nps,
        nps_category: nps_category(nps),
        retention: retention(end),
    }
}

/// The NPS bucket of a 0-10 answer.
pub fn nps_category(nps: u8) -> NpsCategory {
    match nps {
        9.. => NpsCategory::Promoter,
        7 | 8 => NpsCategory::Passive,
        _ => NpsCategory::Detractor,
    }
}

/// The customer's feeling at the end, 0-10,000: satisfaction 60 %, trust 40 %. Patience is
/// not in it: listening spends patience, and a conversation is not better for being short
/// (turns beyond need are charged as effort instead).
pub fn feeling(meters: Meters) -> i32 {
    SATISFACTION_SHARE * i32::from(meters.satisfaction) + TRUST_SHARE * i32::from(meters.trust)
}

/// The experience an ending leaves, 0-10,000: its outcome's weight times the feeling.
pub fn experience(outcome: Outcome, intended: bool, meters: Meters) -> i32 {
    outcome_weight(outcome, intended) * feeling(meters) / 100
}

/// Value points of the money the customer's staying keeps: [`YEAR_OF_VALUE_POINTS`] times
/// the share kept; 0 for a scenario without a customer value.
pub fn money_kept_points(retention: Retention, customer_value: Option<&CustomerValue>) -> i32 {
    if customer_value.is_none() {
        return 0;
    }
    let (kept, of) = retention.kept_share();
    (YEAR_OF_VALUE_POINTS * i64::from(kept) / i64::from(of)) as i32
}

/// Value points an amount of money given away costs: [`YEAR_OF_VALUE_POINTS`] for a whole
/// year's value, in proportion, rounded; 0 for a scenario without a customer value.
pub fn money_spent_points(spent: u64, customer_value: Option<&CustomerValue>) -> i32 {
    let Some(value) = customer_value else {
        return 0;
    };
    let per_year = u128::from(value.per_year.max(1));
    let points = (u128::from(spent) * YEAR_OF_VALUE_POINTS as u128 + per_year / 2) / per_year;
    points.min(i32::MAX as u128) as i32
}

/// Value of an ending for the business: the experience it leaves, plus the money the
/// customer's staying keeps, less [`EFFORT_POINTS`] for each turn beyond need. What the moves
/// on the way cost is taken off separately (see [`path`]).
pub fn ending_value(end: &EndFacts, customer_value: Option<&CustomerValue>) -> i32 {
    experience(end.outcome, end.intended, end.meters)
        .saturating_add(money_kept_points(retention(end), customer_value))
        .saturating_sub(EFFORT_POINTS.saturating_mul(i32::from(end.extra_turns)))
}

/// Overall score 0-100: `value` as a share of `best`, rounded. 100 means the trainee reached
/// the best value the scenario allows. When even the best path loses value (`best` <= 0, a
/// scenario whose every path costs more than it keeps), a path scores 100 when it loses no
/// more than the best, else the best loss as a share of its own.
pub fn overall_score(value: i32, best: i32) -> u8 {
    let (value, best) = (i64::from(value), i64::from(best));
    if best > 0 {
        return ((value.clamp(0, best) * 100 + best / 2) / best) as u8;
    }
    if value >= best {
        return 100;
    }
    // Here value < best <= 0, so the share is below 1.
    ((best * 100 + value / 2) / value).clamp(0, 100) as u8
}

impl PitfallSeverity {
    /// Skill points a pitfall of this severity costs the skill it undermines.
    pub fn skill_points(self) -> i16 {
        match self {
            PitfallSeverity::Minor => 1,
            PitfallSeverity::Major => 2,
            PitfallSeverity::Critical => 3,
        }
    }

    /// Value points a pitfall of this severity takes off the path, whatever the meters do
    /// afterwards: a mistake recovered from still happened.
    pub fn value_points(self) -> u32 {
        match self {
            PitfallSeverity::Minor => 100,
            PitfallSeverity::Major => 300,
            PitfallSeverity::Critical => 1_500,
        }
    }
}

/// Skill points per skill: +1 for each response showing the skill, minus the severity's
/// points (1, 2 or 3) for each pitfall that undermines it (see
/// [`crate::scenario::format::Pitfall::undermines`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct SkillPoints(pub [i16; 6]);

impl SkillPoints {
    /// The points one response earns.
    pub fn of(skills: &[Skill], pitfalls: impl IntoIterator<Item = RatedPitfall>) -> Self {
        // Saturating: a file may list one tag thousands of times; it must not overflow.
        let mut points = SkillPoints::default();
        for skill in skills {
            let slot = &mut points.0[skill.index()];
            *slot = slot.saturating_add(1);
        }
        for rated in pitfalls {
            let slot = &mut points.0[rated.pitfall.undermines().index()];
            *slot = slot.saturating_sub(rated.severity.skill_points());
        }
        points
    }

    /// Both tallies added.
    pub fn plus(self, other: SkillPoints) -> Self {
        let mut sum = self;
        for (total, add) in sum.0.iter_mut().zip(other.0) {
            *total = total.saturating_add(add);
        }
        sum
    }

    /// Points for one skill.
    pub fn get(&self, skill: Skill) -> i16 {
        self.0[skill.index()]
    }

    /// Points over every skill.
    pub fn total(&self) -> i32 {
        self.0.iter().map(|points| i32::from(*points)).sum()
    }
}

/// What a skill's points say, against the points the scenario's best path earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SkillReading {
    /// Points earned as a share of the best path's, 0-100.
    Scored { score: u8 },
    /// The best path earns fewer than [`MIN_EVIDENCE_POINTS`] of this skill: one reply more or
    /// less would swing a percentage from 0 to 100, so none is given.
    NotEnoughEvidence,
    /// The best path does not call on the skill.
    NotCalledOn,
}

impl SkillReading {
    /// "75%", "not enough evidence" or "not scored".
    pub fn label(self) -> String {
        match self {
            SkillReading::Scored { score } => format!("{score}%"),
            SkillReading::NotEnoughEvidence => "not enough evidence".to_owned(),
            SkillReading::NotCalledOn => "not scored".to_owned(),
        }
    }

    /// The score, when there is one.
    pub fn score(self) -> Option<u8> {
        match self {
            SkillReading::Scored { score } => Some(score),
            _ => None,
        }
    }
}

/// A skill's reading: `points` as a share of `reference` (the best path's points), 0-100,
/// negative points counting as 0 and more than the reference as 100; not enough evidence
/// below [`MIN_EVIDENCE_POINTS`]; not called on when the reference is 0 or less.
pub fn skill_reading(points: i16, reference: i16) -> SkillReading {
    if reference <= 0 {
        return SkillReading::NotCalledOn;
    }
    if reference < MIN_EVIDENCE_POINTS {
        return SkillReading::NotEnoughEvidence;
    }
    let share = i32::from(points.clamp(0, reference)) * 100 / i32::from(reference);
    SkillReading::Scored { score: share as u8 }
}

/// A skill score 0-100, when the best path gives enough evidence (see [`skill_reading`]).
pub fn skill_score(points: i16, reference: i16) -> Option<u8> {
    skill_reading(points, reference).score()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::format::Pitfall;
    use crate::scenario::model::rated;

    fn meters(satisfaction: u8, trust: u8) -> Meters {
        Meters {
            satisfaction,
            trust,
            patience: 50,
        }
    }

    fn end(outcome: Outcome, intended: bool, satisfaction: u8, trust: u8) -> EndFacts {
        EndFacts {
            outcome,
            intended,
            meters: meters(satisfaction, trust),
            extra_turns: 0,
        }
    }

    #[test]
    fn thousands_of_tags_on_one_reply_saturate_instead_of_overflowing() {
        let skills = vec![Skill::Empathy; 40_000];
        let pitfalls = vec![Pitfall::Blame; 40_000];
        let points = SkillPoints::of(&skills, rated(&pitfalls, None));
        assert_eq!(points.get(Skill::Empathy), i16::MAX);
        assert_eq!(points.get(Pitfall::Blame.undermines()), i16::MIN);
        assert_eq!(points.plus(points).get(Skill::Empathy), i16::MAX);
    }

    #[test]
    fn csat_follows_satisfaction_bands_without_effort() {
        let csat = |s| csat(&end(Outcome::Resolved, false, s, 50), 0);
        assert_eq!(
            [
                csat(0),
                csat(20),
                csat(21),
                csat(60),
                csat(61),
                csat(81),
                csat(100)
            ],
            [1, 1, 2, 3, 4, 5, 5]
        );
    }

    #[test]
    fn every_three_units_of_effort_cost_a_csat_star_but_never_the_last() {
        let delighted = end(Outcome::Resolved, false, 95, 90);
        assert_eq!(csat(&delighted, 2), 5);
        assert_eq!(csat(&delighted, 3), 4);
        assert_eq!(csat(&delighted, 7), 3);
        assert_eq!(csat(&delighted, 300), 1);
    }

    #[test]
    fn nps_reads_trust_and_outcome_not_satisfaction() {
        let resolved = |s, t| nps(&end(Outcome::Resolved, false, s, t));
        assert_eq!(resolved(100, 85), 9);
        assert_eq!(
            resolved(0, 85),
            9,
            "satisfaction with the call does not move it"
        );
        assert_eq!(resolved(100, 70), 8);
        assert_eq!(resolved(100, 100), 10);
        assert_eq!(nps(&end(Outcome::Escalated, false, 100, 100)), 8);
        assert_eq!(nps(&end(Outcome::CustomerLost, false, 100, 100)), 4);
    }

    #[test]
    fn a_well_handled_no_can_make_a_promoter_only_when_trust_is_high() {
        let kept_policy =
            |trust| customer_outcome(&end(Outcome::PartlyResolved, true, 70, trust), 0);
        assert_eq!(kept_policy(90).nps_category, NpsCategory::Promoter);
        assert_eq!(kept_policy(60).nps_category, NpsCategory::Passive);
        assert_eq!(kept_policy(90).csat, 4, "satisfaction 70 is four stars");
        assert_eq!(
            customer_outcome(&end(Outcome::PartlyResolved, false, 100, 100), 0).nps_category,
            NpsCategory::Passive,
            "an unintended partial fix stays capped"
        );
        assert_eq!(
            customer_outcome(&end(Outcome::PartlyResolved, true, 100, 100), 0).csat,
            5
        );
    }

    #[test]
    fn retention_follows_outcome_and_trust() {
        let stays = |outcome, intended, trust| retention(&end(outcome, intended, 100, trust));
        assert_eq!(stays(Outcome::Resolved, false, 60), Retention::Stays);
        assert_eq!(stays(Outcome::Resolved, false, 59), Retention::AtRisk);
        assert_eq!(stays(Outcome::Resolved, false, 34), Retention::Leaves);
        assert_eq!(stays(Outcome::Escalated, false, 74), Retention::AtRisk);
        assert_eq!(stays(Outcome::Escalated, true, 74), Retention::Stays);
        assert_eq!(stays(Outcome::CustomerLost, true, 100), Retention::Leaves);
        assert_eq!(
            retention(&end(Outcome::Resolved, false, 0, 80)),
            Retention::Stays,
            "a customer whose problem is solved and who trusts us stays, however the call felt"
        );
    }

    #[test]
    fn a_lost_customer_is_a_detractor_who_leaves() {
        let outcome = customer_outcome(&end(Outcome::CustomerLost, false, 100, 100), 0);
        assert_eq!(outcome.csat, 2);
        assert_eq!(outcome.nps_category, NpsCategory::Detractor);
        assert_eq!(outcome.retention, Retention::Leaves);
    }

    #[test]
    fn nps_buckets_match_the_standard_definition() {
        let buckets: Vec<NpsCategory> = (0..=10).map(nps_category).collect();
        assert_eq!(buckets[6], NpsCategory::Detractor);
        assert_eq!(buckets[7], NpsCategory::Passive);
        assert_eq!(buckets[8], NpsCategory::Passive);
        assert_eq!(buckets[9], NpsCategory::Promoter);
    }

    #[test]
    fn an_intended_escalation_weighs_as_much_as_a_resolution() {
        let escalated = end(Outcome::Escalated, false, 80, 80);
        let intended = end(Outcome::Escalated, true, 80, 80);
        let resolved = end(Outcome::Resolved, false, 80, 80);
        assert!(ending_value(&escalated, None) < ending_value(&resolved, None));
        assert_eq!(ending_value(&intended, None), ending_value(&resolved, None));
        assert_eq!(
            ending_value(&end(Outcome::Resolved, false, 100, 100), None),
            10_000
        );
    }

    #[test]
    fn patience_left_over_is_worth_nothing_but_turns_beyond_need_cost_effort() {
        let patient = |patience| EndFacts {
            meters: Meters {
                patience,
                ..meters(80, 80)
            },
            ..end(Outcome::Resolved, false, 80, 80)
        };
        assert_eq!(
            ending_value(&patient(5), None),
            ending_value(&patient(95), None)
        );
        let slow = EndFacts {
            extra_turns: 3,
            ..patient(50)
        };
        assert_eq!(
            ending_value(&slow, None),
            ending_value(&patient(50), None) - 3 * EFFORT_POINTS
        );
    }

    #[test]
    fn overall_score_is_relative_to_the_best_value() {
        assert_eq!(overall_score(5000, 10000), 50);
        assert_eq!(overall_score(10000, 10000), 100);
        assert_eq!(overall_score(-300, 10000), 0);
        assert_eq!(overall_score(12000, 10000), 100);
    }

    #[test]
    fn when_every_path_loses_value_the_score_compares_losses() {
        assert_eq!(overall_score(0, 0), 100);
        assert_eq!(overall_score(-1, 0), 0);
        assert_eq!(overall_score(-500, -500), 100);
        assert_eq!(overall_score(-400, -500), 100);
        assert_eq!(overall_score(-1000, -500), 50);
        assert_eq!(overall_score(i32::MIN, -1), 0);
    }

    #[test]
    fn pitfalls_cost_the_skill_they_undermine_by_severity() {
        let points = SkillPoints::of(
            &[Skill::Empathy],
            rated(&[Pitfall::Interrupting, Pitfall::Rushing], None),
        );
        assert_eq!(points.get(Skill::Empathy), 1);
        assert_eq!(points.get(Skill::ActiveListening), -2);
        let blame = SkillPoints::of(&[], rated(&[Pitfall::Blame], None));
        assert_eq!(blame.get(Skill::Ownership), -2, "blame is major by default");
        let critical = SkillPoints::of(
            &[],
            rated(&[Pitfall::Jargon], Some(PitfallSeverity::Critical)),
        );
        assert_eq!(critical.get(Skill::Clarity), -3);
        let breach = SkillPoints::of(&[], rated(&[Pitfall::BypassingControls], None));
        assert_eq!(breach.get(Skill::Professionalism), -3);
    }

    #[test]
    fn a_skill_with_under_three_points_on_the_best_path_is_not_enough_evidence() {
        assert_eq!(skill_reading(3, 4), SkillReading::Scored { score: 75 });
        assert_eq!(skill_reading(-1, 4), SkillReading::Scored { score: 0 });
        assert_eq!(skill_reading(1, 2), SkillReading::NotEnoughEvidence);
        assert_eq!(skill_reading(0, 1), SkillReading::NotEnoughEvidence);
        assert_eq!(skill_reading(0, 0), SkillReading::NotCalledOn);
        assert_eq!(skill_score(1, 2), None);
        assert_eq!(skill_score(3, 3), Some(100));
    }
}
