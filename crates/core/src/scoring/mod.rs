//! How a conversation is judged, in the measures service teams use: CSAT, NPS, retention,
//! per-skill scores and one overall score relative to the best the scenario allows.
//!
//! Every formula here is documented in `docs/scoring.md`; keep the two in step.

use serde::Serialize;

use crate::scenario::format::{Outcome, Pitfall, Skill};
use crate::scenario::model::Meters;

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

/// Weight of an outcome in the overall value, in percent.
fn outcome_weight(outcome: Outcome) -> u32 {
    match outcome {
        Outcome::Resolved => 100,
        Outcome::PartlyResolved => 80,
        Outcome::Escalated => 60,
        Outcome::CustomerLost => 25,
    }
}

/// CSAT, NPS and retention for a conversation that ended with `outcome` and `meters`.
pub fn customer_outcome(outcome: Outcome, meters: Meters) -> CustomerOutcome {
    let satisfaction = u32::from(meters.satisfaction);
    let trust = u32::from(meters.trust);
    // 0-20 -> 1 star, 21-40 -> 2, 41-60 -> 3, 61-80 -> 4, 81-100 -> 5.
    let csat = (1 + satisfaction.saturating_sub(1) / 20).min(5) as u8;
    let nps = ((6 * satisfaction + 4 * trust + 50) / 100).min(10) as u8;
    let csat = csat.min(csat_cap(outcome));
    let nps = nps.min(nps_cap(outcome));
    let regard = (satisfaction + trust) / 2;
    let retention = match outcome {
        Outcome::CustomerLost => Retention::Leaves,
        _ if regard >= 65 => Retention::Stays,
        _ if regard >= 40 => Retention::AtRisk,
        _ => Retention::Leaves,
    };
    CustomerOutcome {
        csat,
        nps,
        nps_category: nps_category(nps),
        retention,
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

/// Value of an ending for the business, 0-10,000: the outcome's weight times the final
/// meters (satisfaction 50 %, trust 30 %, patience 20 %). The overall score compares this to
/// the best value the scenario allows.
pub fn outcome_value(outcome: Outcome, meters: Meters) -> u32 {
    let feeling = 50 * u32::from(meters.satisfaction)
        + 30 * u32::from(meters.trust)
        + 20 * u32::from(meters.patience);
    outcome_weight(outcome) * feeling / 100
}

/// Overall score 0-100: `value` as a share of `best`, rounded. 100 means the trainee reached
/// the best outcome the scenario allows.
pub fn overall_score(value: u32, best: u32) -> u8 {
    if best == 0 {
        return 100;
    }
    ((u64::from(value.min(best)) * 100 + u64::from(best) / 2) / u64::from(best)) as u8
}

/// Skill points per skill: +1 for each response showing the skill, -1 for each pitfall that
/// undermines it (see [`Pitfall::undermines`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct SkillPoints(pub [i16; 6]);

impl SkillPoints {
    /// The points one response earns.
    pub fn of(skills: &[Skill], pitfalls: &[Pitfall]) -> Self {
        // Saturating: a file may list one tag thousands of times; it must not overflow.
        let mut points = SkillPoints::default();
        for skill in skills {
            let slot = &mut points.0[skill.index()];
            *slot = slot.saturating_add(1);
        }
        for pitfall in pitfalls {
            let slot = &mut points.0[pitfall.undermines().index()];
            *slot = slot.saturating_sub(1);
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
}

/// A skill score 0-100: points earned as a share of `reference`, the points the scenario's
/// best path earns, capped at 100. `None` when the best path does not call on the skill.
pub fn skill_score(points: i16, reference: i16) -> Option<u8> {
    if reference <= 0 {
        return None;
    }
    let share = i32::from(points.clamp(0, reference)) * 100 / i32::from(reference);
    Some(share as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_tags_on_one_reply_saturate_instead_of_overflowing() {
        let skills = vec![Skill::Empathy; 40_000];
        let pitfalls = vec![Pitfall::Blame; 40_000];
        let points = SkillPoints::of(&skills, &pitfalls);
        assert_eq!(points.get(Skill::Empathy), i16::MAX);
        assert_eq!(points.get(Pitfall::Blame.undermines()), i16::MIN);
        assert_eq!(points.plus(points).get(Skill::Empathy), i16::MAX);
    }

    fn meters(satisfaction: u8, trust: u8, patience: u8) -> Meters {
        Meters {
            satisfaction,
            trust,
            patience,
        }
    }

    #[test]
    fn csat_follows_satisfaction_bands() {
        let csat = |s| customer_outcome(Outcome::Resolved, meters(s, 50, 50)).csat;
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
    fn a_lost_customer_is_a_detractor_who_leaves() {
        let outcome = customer_outcome(Outcome::CustomerLost, meters(100, 100, 100));
        assert_eq!(outcome.csat, 2);
        assert_eq!(outcome.nps_category, NpsCategory::Detractor);
        assert_eq!(outcome.retention, Retention::Leaves);
    }

    #[test]
    fn a_delighted_resolved_customer_promotes_and_stays() {
        let outcome = customer_outcome(Outcome::Resolved, meters(90, 85, 40));
        assert_eq!(outcome.csat, 5);
        assert_eq!(outcome.nps, 9);
        assert_eq!(outcome.nps_category, NpsCategory::Promoter);
        assert_eq!(outcome.retention, Retention::Stays);
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
    fn overall_score_is_relative_to_the_best_value() {
        assert_eq!(overall_score(5000, 10000), 50);
        assert_eq!(overall_score(10000, 10000), 100);
        assert_eq!(overall_score(0, 0), 100);
        assert_eq!(
            outcome_value(Outcome::Resolved, meters(100, 100, 100)),
            10_000
        );
        assert!(
            outcome_value(Outcome::Escalated, meters(80, 80, 80))
                < outcome_value(Outcome::Resolved, meters(80, 80, 80))
        );
    }

    #[test]
    fn pitfalls_cost_the_skill_they_undermine() {
        let points = SkillPoints::of(
            &[Skill::Empathy],
            &[Pitfall::Interrupting, Pitfall::Rushing],
        );
        assert_eq!(points.get(Skill::Empathy), 1);
        assert_eq!(points.get(Skill::ActiveListening), -2);
        assert_eq!(skill_score(3, 4), Some(75));
        assert_eq!(skill_score(-1, 4), Some(0));
        assert_eq!(skill_score(0, 0), None);
    }
}
