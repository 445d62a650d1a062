//! Builds the engine's [`Scenario`] from a file that passed every check: ids become indices,
//! flag names become bits, meters narrow to their compact types.

use foldhash::HashMap;

use crate::scenario::format::{Condition as ConditionSpec, Effect, ScenarioFile};
use crate::scenario::model::{
    Condition, ContentHash, Customer, CustomerValue, Delta, Ending, FlagSet, Meta, Meters, Node,
    Reaction, Response, Scenario, Silence, Target,
};

use super::Ids;

/// Compiles `file`, which must have produced no error: every lookup below relies on the checks
/// (each `next`, `start` and `walkout` names a known id of the right kind, every flag got a bit,
/// every meter and change is in range), so none of them can fail.
pub(super) fn compile(
    file: ScenarioFile,
    ids: &Ids,
    flags: &HashMap<String, u8>,
    content_hash: ContentHash,
) -> Scenario {
    let target = |id: &str| ids[id];
    let flag_set = |names: &[String]| {
        names
            .iter()
            .fold(FlagSet::default(), |set, name| set.with(flags[name]))
    };
    let conditions = |specs: Vec<ConditionSpec>| -> Vec<Condition> {
        specs
            .into_iter()
            .map(|spec| match spec {
                ConditionSpec::Flag(flag) => Condition::Flag(flags[&flag]),
                ConditionSpec::NotFlag(flag) => Condition::NotFlag(flags[&flag]),
                ConditionSpec::AtLeast(meter, value) => Condition::AtLeast(meter, meter_u8(value)),
                ConditionSpec::Below(meter, value) => Condition::Below(meter, meter_u8(value)),
            })
            .collect()
    };
    let mut flag_names = vec![String::new(); flags.len()];
    for (name, bit) in flags {
        flag_names[usize::from(*bit)] = name.clone();
    }
    let Target::Node(start) = target(&file.start) else {
        unreachable!("checked: start names a node")
    };
    let Target::Ending(walkout) = target(&file.walkout) else {
        unreachable!("checked: walkout names an ending")
    };
    let nodes = file
        .nodes
        .into_iter()
        .map(|node| Node {
            responses: node
                .responses
                .into_iter()
                .map(|response| Response {
                    next: target(&response.next),
                    sets: flag_set(&response.sets),
                    clears: flag_set(&response.clears),
                    requires: conditions(response.requires),
                    effect: delta(response.effect),
                    text: response.text,
                    skills: response.skills,
                    pitfalls: response.pitfalls,
                    coaching: response.coaching,
                    takeaway: response.takeaway,
                    examples: response.examples,
                    severity: response.severity,
                    effort: response.effort.clamp(0, i64::from(u8::MAX)) as u8,
                    cost: amount(response.cost),
                })
                .collect(),
            silence: node.time_limit.map(|limit| Silence {
                next: target(&limit.next),
                sets: flag_set(&limit.sets),
                seconds: limit.seconds,
                story_time: limit.story_time,
                effect: delta(limit.effect),
                pitfalls: limit.pitfalls,
                coaching: limit.coaching,
                takeaway: limit.takeaway,
                severity: limit.severity,
            }),
            reactions: node
                .reactions
                .into_iter()
                .map(|reaction| Reaction {
                    when: conditions(reaction.when),
                    says: reaction.says,
                })
                .collect(),
            id: node.id,
            speaker: node.speaker,
            direction: node.direction,
            says: node.says,
        })
        .collect();
    Scenario {
        meta: Meta {
            id: file.id,
            title: file.title,
            summary: file.summary,
            difficulty: file.difficulty,
            channel: file.channel,
            skills: file.skills,
            estimated_minutes: file.estimated_minutes,
            scored: file.scored,
        },
        customer: Customer {
            name: file.customer.name,
            situation: file.customer.situation,
            start: Meters {
                satisfaction: meter_u8(file.customer.satisfaction),
                trust: meter_u8(file.customer.trust),
                patience: meter_u8(file.customer.patience),
            },
            traits: file.customer.traits,
            portrait: file.customer.portrait,
        },
        customer_value: file.customer_value.map(|value| CustomerValue {
            per_year: amount(value.per_year),
            currency: value.currency,
        }),
        start,
        walkout,
        max_turns: file.max_turns,
        shuffle_responses: file.shuffle_responses,
        nodes,
        endings: file
            .endings
            .into_iter()
            .map(|ending| Ending {
                id: ending.id,
                outcome: ending.outcome,
                text: ending.text,
                intended: ending.intended,
            })
            .collect(),
        flag_names,
        content_hash,
    }
}

/// A meter value already checked to be 0-100; the clamp makes the narrowing cast lossless.
fn meter_u8(value: i32) -> u8 {
    value.clamp(0, 100) as u8
}

/// An amount of money already checked to be 0 to `MAX_AMOUNT`, which fits a `u32`.
fn amount(value: i64) -> u32 {
    value.clamp(0, i64::from(u32::MAX)) as u32
}

/// An effect already checked to be -100 to 100 per meter; clamped for the same reason.
fn delta(effect: Effect) -> Delta {
    let narrow = |value: i32| value.clamp(-100, 100) as i16;
    Delta {
        satisfaction: narrow(effect.satisfaction),
        trust: narrow(effect.trust),
        patience: narrow(effect.patience),
    }
}
