//! Bot playthroughs: simple players run through a scenario many times, so an author sees the
//! spread of scores a careless, a people-pleasing, a hostile and a form-reading trainee would
//! get.

use std::sync::Arc;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use super::Analysis;
use super::cues::{contains_text, is_short};
use crate::scenario::model::{Scenario, Target};
use crate::scoring::{overall_score, score_move, score_path, session_cost};
use crate::session::{Choice, Session, step};

/// How a bot picks its reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bot {
    /// Any offered reply, uniformly at random (silence included where a timer runs).
    Random,
    /// The reply that pleases the customer most right now (largest immediate meter gain).
    Greedy,
    /// The reply after which the best reachable outcome is lowest.
    Adversarial,
    /// A trainee who reads the form of the replies, never the customer: it ranks the offered
    /// replies by [`surface_rank`] (fewest avoided forms, then a question, then the most
    /// characters) and takes the highest; equal ranks are settled by the seed. Silence comes
    /// last. It never looks at effects, meters or outcomes, so its score shows how far the
    /// scenario can be won by form alone.
    Surface,
}

impl Bot {
    /// Every bot, in report order.
    pub const ALL: [Bot; 4] = [Bot::Random, Bot::Greedy, Bot::Adversarial, Bot::Surface];
}

/// Words the surface bot avoids: the sound of refusing or hiding behind a rule. Matched as
/// [`contains_text`] does (ignoring case, ’ read as ').
pub const SURFACE_AVOIDED_WORDS: [&str; 5] =
    ["policy", "unfortunately", "can't", "cannot", "unable"];

/// How the surface bot ranks a reply's text, higher first: field by field, the number of
/// avoided forms it steers clear of (an exclamation mark, a word of [`SURFACE_AVOIDED_WORDS`],
/// being short: under [`super::cues::SHORT_REPLY_CHARS`] characters), whether it asks a question
/// (contains "?"), and its length in characters.
pub fn surface_rank(text: &str) -> (u8, bool, usize) {
    let avoided = [
        text.contains('!'),
        SURFACE_AVOIDED_WORDS
            .iter()
            .any(|word| contains_text(text, word)),
        is_short(text),
    ];
    let kept = avoided.iter().filter(|&&broken| !broken).count() as u8;
    (kept, text.contains('?'), text.chars().count())
}

/// Score distribution of one bot over its runs.
#[derive(Debug, Clone, Serialize)]
pub struct BotSummary {
    pub bot: Bot,
    pub runs: usize,
    pub min: u8,
    pub median: u8,
    pub mean: f64,
    pub max: u8,
    /// Runs ending with 1..=5 CSAT stars.
    pub csat: [usize; 5],
    /// Runs that did not reach an ending (a dead end stopped them).
    pub stuck: usize,
}

/// Runs every bot `runs` times with seeds `seed`, `seed + 1`, ...
pub fn run_bots(
    scenario: &Arc<Scenario>,
    analysis: &Analysis,
    runs: usize,
    seed: u64,
) -> Vec<BotSummary> {
    Bot::ALL
        .iter()
        .map(|&bot| {
            let mut scores = Vec::with_capacity(runs);
            let mut csat = [0usize; 5];
            let mut stuck = 0;
            for run in 0..runs as u64 {
                match play(scenario, analysis, bot, seed.wrapping_add(run)) {
                    Some((score, stars)) => {
                        scores.push(score);
                        csat[usize::from(stars.clamp(1, 5)) - 1] += 1;
                    }
                    None => stuck += 1,
                }
            }
            summarise(bot, scores, csat, stuck)
        })
        .collect()
}

/// One playthrough; the overall score and CSAT, or `None` if the bot got stuck.
pub fn play(
    scenario: &Arc<Scenario>,
    analysis: &Analysis,
    bot: Bot,
    seed: u64,
) -> Option<(u8, u8)> {
    let mut session = Session::new(Arc::clone(scenario), seed);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    while let Some(prompt) = session.prompt() {
        let options = prompt.choices();
        if options.is_empty() {
            return None;
        }
        let state = session.state();
        let choice = match bot {
            Bot::Random => options[rng.random_range(0..options.len())],
            Bot::Greedy => *options.iter().max_by_key(|&&choice| {
                // Ties go to the option shown first, as a hurried trainee would pick.
                let gain = step(scenario, &state, choice)
                    .map(|moved| {
                        i32::from(moved.applied.satisfaction)
                            + i32::from(moved.applied.trust)
                            + i32::from(moved.applied.patience)
                    })
                    .unwrap_or(i32::MIN);
                (
                    gain,
                    std::cmp::Reverse(options.iter().position(|c| *c == choice)),
                )
            })?,
            Bot::Adversarial => *options.iter().min_by_key(|&&choice| {
                let cost = match state.at {
                    Target::Node(node) => score_move(scenario, node, choice).1.value,
                    Target::Ending(_) => 0,
                };
                step(scenario, &state, choice)
                    .ok()
                    .and_then(|moved| analysis.value_range(&moved.state))
                    .map_or(i64::MAX, |(best, _)| i64::from(best) - i64::from(cost))
            })?,
            Bot::Surface => *options.iter().max_by_key(|&&choice| {
                let rank = match choice {
                    Choice::Response(_) => session.choice_text(choice).map(surface_rank),
                    Choice::Silence | Choice::Unclear => None,
                };
                // A fresh draw per option: equal ranks are settled by the seed alone, not by
                // the order the replies happen to be shown in.
                (rank, rng.random::<u64>())
            })?,
        };
        session.choose(choice).ok()?;
    }
    let end = session.state();
    let Target::Ending(ending) = end.at else {
        return None;
    };
    let scored = score_path(
        scenario,
        &end,
        session_cost(&session),
        analysis.fewest_turns(ending),
    )?;
    let best = analysis.best_value().unwrap_or(scored.value);
    Some((overall_score(scored.value, best), scored.customer.csat))
}

fn summarise(bot: Bot, mut scores: Vec<u8>, csat: [usize; 5], stuck: usize) -> BotSummary {
    scores.sort_unstable();
    let runs = scores.len() + stuck;
    let mean = if scores.is_empty() {
        0.0
    } else {
        scores.iter().map(|s| f64::from(*s)).sum::<f64>() / scores.len() as f64
    };
    BotSummary {
        bot,
        runs,
        min: scores.first().copied().unwrap_or(0),
        median: scores.get(scores.len() / 2).copied().unwrap_or(0),
        mean,
        max: scores.last().copied().unwrap_or(0),
        csat,
        stuck,
    }
}
