//! Surface cues: whether the best reply can be told from the others by its form (length,
//! punctuation, stock phrases) rather than by reading the customer. Measured per scenario and,
//! with the same functions over the decisions of every scenario pooled, per library.

use std::sync::Arc;

use serde::Serialize;

use super::bots::{Bot, BotSummary, run_bots};
use super::{Analysis, NO_VALUE};
use crate::scenario::model::{Scenario, Target};
use crate::session::Choice;

/// A reply shorter than this many characters (Unicode scalar values) is short.
pub const SHORT_REPLY_CHARS: usize = 100;

/// A tell is judged only once this many offered replies contain it: fewer say nothing.
pub const MIN_TELL_REPLIES: usize = 5;

/// Fewer decisions than this give no length or short-reply warning: one or two decisions
/// always look biased.
pub const MIN_DECISIONS_TO_WARN: usize = 3;

/// How far (as a share, 0.25 = 25 points) a length cue must stand from chance to be warned
/// about.
pub const WARNING_MARGIN: f64 = 0.25;

/// The tells every analysis counts. Each entry lists its spellings separated by `|`; a reply
/// contains the tell when it contains any spelling (see [`contains_text`]).
pub const DEFAULT_TELLS: [&str; 13] = [
    "!",
    "?",
    "I understand|I do understand|I really do understand|I completely understand|I totally understand",
    "sorry",
    "apologise|apologize|apology|apologies",
    "policy",
    "unfortunately",
    "anything else I can help|anything else I can do for you",
    "I can't|cannot",
    "guarantee",
    "absolutely",
    "let me",
    "I will|I'll",
];

/// Whether `text` contains `needle`, ignoring case and counting a typographic apostrophe
/// (’) as a straight one ('), so "I can’t" is found by "I can't".
pub fn contains_text(text: &str, needle: &str) -> bool {
    fold(text).contains(&fold(needle))
}

fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '\u{2018}' | '\u{2019}') {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a reply is short: under [`SHORT_REPLY_CHARS`] characters.
pub fn is_short(text: &str) -> bool {
    text.chars().count() < SHORT_REPLY_CHARS
}

/// A word, phrase or punctuation mark whose presence might give the best reply away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tell {
    /// As written by the author: spellings separated by `|`.
    pub label: String,
    #[serde(skip)]
    spellings: Vec<String>,
}

impl Tell {
    /// A tell from its label: `"apologise|apologize"` is found by either spelling. Empty
    /// spellings are ignored (they would match every reply).
    pub fn new(label: &str) -> Self {
        Tell {
            label: label.to_owned(),
            spellings: label
                .split('|')
                .filter(|spelling| !spelling.is_empty())
                .map(fold)
                .collect(),
        }
    }

    /// Whether `text` contains any spelling of the tell.
    pub fn found_in(&self, text: &str) -> bool {
        let text = fold(text);
        self.spellings
            .iter()
            .any(|spelling| text.contains(spelling.as_str()))
    }

    /// [`DEFAULT_TELLS`] followed by `extra` (an author's own, e.g. from `--tell`), each
    /// label once.
    pub fn defaults_and(extra: &[String]) -> Vec<Tell> {
        let mut tells: Vec<Tell> = Vec::new();
        for label in DEFAULT_TELLS
            .iter()
            .copied()
            .chain(extra.iter().map(String::as_str))
        {
            if !tells.iter().any(|tell| tell.label == label) {
                tells.push(Tell::new(label));
            }
        }
        tells
    }
}

/// A node where the choice matters: its offered replies differ in the best outcome still
/// reachable after them, and not all of them are best.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub node: String,
    /// The replies offered at the node in at least one reachable state, in authored order.
    pub replies: Vec<DecisionReply>,
}

/// One reply at a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionReply {
    /// 1-based position in the node's authored list.
    pub position: usize,
    pub text: String,
    /// No sibling keeps a better outcome within reach (in any state the node is played in).
    pub best: bool,
}

impl Decision {
    fn best_count(&self) -> usize {
        self.replies.iter().filter(|reply| reply.best).count()
    }

    /// Replies with fewer than two siblings strictly longer (in characters): the two longest,
    /// and every reply tied with the second longest.
    fn top_two_by_length(&self) -> Vec<bool> {
        let lengths: Vec<usize> = self
            .replies
            .iter()
            .map(|reply| reply.text.chars().count())
            .collect();
        lengths
            .iter()
            .map(|&length| lengths.iter().filter(|&&other| other > length).count() < 2)
            .collect()
    }

    /// Whether a best reply is among the replies `marked`.
    fn best_among(&self, marked: &[bool]) -> bool {
        self.replies
            .iter()
            .zip(marked)
            .any(|(reply, &marked)| marked && reply.best)
    }

    /// The chance that a best reply is among the `marked` ones if the decision's best replies
    /// were placed at random among its replies: 1 - C(n - m, b) / C(n, b) for n replies, m
    /// marked and b best.
    fn chance_best_among(&self, marked: &[bool]) -> f64 {
        let replies = self.replies.len();
        let unmarked = replies - marked.iter().filter(|&&marked| marked).count();
        let best = self.best_count();
        let all_best_unmarked: f64 = (0..best)
            .map(|i| unmarked.saturating_sub(i) as f64 / (replies - i) as f64)
            .product();
        1.0 - all_best_unmarked
    }
}

impl Analysis {
    /// Every decision of the scenario, in node order. A reply's outcome at a node is the best
    /// value reachable through it (after it, less what it costs) over every reachable state
    /// the node is played in.
    pub fn decisions(&self, scenario: &Scenario) -> Vec<Decision> {
        // Per node and authored reply: the best value reachable after it, and whether any
        // reachable state offers it.
        let mut after: Vec<Option<Vec<(i32, bool)>>> = vec![None; scenario.nodes.len()];
        for (index, state) in self.states.iter().enumerate() {
            let Target::Node(node) = state.at else {
                continue;
            };
            let replies = after[node as usize].get_or_insert_with(|| {
                vec![(NO_VALUE, false); scenario.node(node).responses.len()]
            });
            for edge in self.edges_of(index) {
                if let Choice::Response(response) = edge.choice {
                    let (value, offered) = &mut replies[usize::from(response)];
                    *value = (*value).max(self.best_through(edge));
                    *offered = true;
                }
            }
        }
        after
            .iter()
            .enumerate()
            .filter_map(|(node, replies)| {
                decision(scenario, node as u32, replies.as_deref().unwrap_or(&[]))
            })
            .collect()
    }
}

/// The decision at `node` from each authored reply's (best value after it, offered), or
/// `None` when the choice there does not matter.
fn decision(scenario: &Scenario, node: u32, replies: &[(i32, bool)]) -> Option<Decision> {
    let offered: Vec<(usize, i32)> = replies
        .iter()
        .enumerate()
        .filter(|(_, (_, offered))| *offered)
        .map(|(position, (value, _))| (position, *value))
        .collect();
    let top = offered.iter().map(|(_, value)| *value).max()?;
    let best = offered.iter().filter(|(_, value)| *value == top).count();
    if offered.len() < 2 || top == NO_VALUE || best == offered.len() {
        return None;
    }
    let node = scenario.node(node);
    Some(Decision {
        node: node.id.clone(),
        replies: offered
            .into_iter()
            .map(|(position, value)| DecisionReply {
                position: position + 1,
                text: node.responses[position].text.clone(),
                best: value == top,
            })
            .collect(),
    })
}

/// How the decisions of a scenario, or of a library pooled, can be answered by form alone.
#[derive(Debug, Clone, Serialize)]
pub struct SurfaceCues {
    pub decisions: usize,
    /// Replies offered at those decisions.
    pub replies: usize,
    /// Of those, the best ones (a decision can have several).
    pub best_replies: usize,
    /// Share of decisions where a best reply is one of the two longest (ties with the second
    /// longest count as top two).
    pub best_in_top_two_by_length: f64,
    /// The same share expected if the best replies were placed at random.
    pub top_two_by_chance: f64,
    pub short: ShortReplies,
    /// Every tell counted, in list order.
    pub tells: Vec<TellCount>,
    /// Plain-language warnings, empty when nothing stands out.
    pub warnings: Vec<String>,
}

/// How short replies (under [`SHORT_REPLY_CHARS`] characters) fare.
#[derive(Debug, Clone, Serialize)]
pub struct ShortReplies {
    /// Short replies offered at the decisions.
    pub replies: usize,
    /// Of those, the best ones.
    pub best: usize,
    /// Base rate: share of all offered replies that are short.
    pub share_of_replies: f64,
    /// Decisions offering at least one short reply.
    pub decisions: usize,
    /// Share of those where a short reply is best.
    pub best_share: f64,
    /// The same share expected if the best replies were placed at random.
    pub by_chance: f64,
}

/// How often replies containing one tell are best.
#[derive(Debug, Clone, Serialize)]
pub struct TellCount {
    pub tell: String,
    /// Offered replies containing it.
    pub replies: usize,
    /// Of those, the best ones.
    pub best: usize,
    /// Set when at least [`MIN_TELL_REPLIES`] replies contain it and none or all are best.
    pub flagged: Option<TellFlag>,
}

/// What a flagged tell gives away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TellFlag {
    NeverBest,
    AlwaysBest,
}

impl SurfaceCues {
    /// Measures `decisions` (one scenario's, or several scenarios' pooled) against `tells`.
    pub fn measure(decisions: &[Decision], tells: &[Tell]) -> SurfaceCues {
        let all_replies = || decisions.iter().flat_map(|decision| &decision.replies);
        let replies = all_replies().count();
        let best_replies = all_replies().filter(|reply| reply.best).count();
        let (mut top_two, mut top_two_chance) = (0usize, 0.0f64);
        for decision in decisions {
            let marked = decision.top_two_by_length();
            top_two += usize::from(decision.best_among(&marked));
            top_two_chance += decision.chance_best_among(&marked);
        }
        let mut cues = SurfaceCues {
            decisions: decisions.len(),
            replies,
            best_replies,
            best_in_top_two_by_length: share(top_two as f64, decisions.len()),
            top_two_by_chance: share(top_two_chance, decisions.len()),
            short: ShortReplies::measure(decisions),
            tells: tells
                .iter()
                .map(|tell| count_tell(decisions, tell))
                .collect(),
            warnings: Vec::new(),
        };
        cues.warnings = cues.warnings();
        cues
    }

    /// Each tell that is flagged.
    pub fn flagged_tells(&self) -> impl Iterator<Item = &TellCount> {
        self.tells.iter().filter(|tell| tell.flagged.is_some())
    }

    fn warnings(&self) -> Vec<String> {
        let percent = |share: f64| (share * 100.0).round();
        let mut warnings = Vec::new();
        if self.decisions >= MIN_DECISIONS_TO_WARN
            && self.best_in_top_two_by_length >= self.top_two_by_chance + WARNING_MARGIN
        {
            warnings.push(format!(
                "a best reply is one of the two longest at {}% of decisions (chance: {}%): trainees may learn to pick a long reply; write some short right answers and some long wrong ones",
                percent(self.best_in_top_two_by_length),
                percent(self.top_two_by_chance)
            ));
        }
        let short = &self.short;
        if short.decisions >= MIN_DECISIONS_TO_WARN
            && short.best_share + WARNING_MARGIN <= short.by_chance
        {
            warnings.push(format!(
                "a short reply (under {SHORT_REPLY_CHARS} characters) is best at {}% of the {} decisions that offer one (chance: {}%; {}% of all replies are short): trainees may learn to rule out short replies; let some brief answers be the right ones",
                percent(short.best_share),
                short.decisions,
                percent(short.by_chance),
                percent(short.share_of_replies)
            ));
        }
        for tell in self.flagged_tells() {
            let (gives, advice) = match tell.flagged {
                Some(TellFlag::NeverBest) => (
                    "is never best",
                    "trainees may learn to rule it out; let it appear in a right answer",
                ),
                _ => (
                    "is always best",
                    "trainees may learn to pick it; let it appear in a wrong answer",
                ),
            };
            warnings.push(format!(
                "a reply containing \"{}\" {gives} ({} of {} replies): {advice}",
                tell.tell, tell.best, tell.replies
            ));
        }
        warnings
    }
}

impl ShortReplies {
    fn measure(decisions: &[Decision]) -> ShortReplies {
        let all_replies = || decisions.iter().flat_map(|decision| &decision.replies);
        let replies = all_replies().filter(|reply| is_short(&reply.text)).count();
        let best = all_replies()
            .filter(|reply| reply.best && is_short(&reply.text))
            .count();
        let (mut offering, mut best_at, mut chance) = (0usize, 0usize, 0.0f64);
        for decision in decisions {
            let marked: Vec<bool> = decision
                .replies
                .iter()
                .map(|reply| is_short(&reply.text))
                .collect();
            if !marked.contains(&true) {
                continue;
            }
            offering += 1;
            best_at += usize::from(decision.best_among(&marked));
            chance += decision.chance_best_among(&marked);
        }
        ShortReplies {
            replies,
            best,
            share_of_replies: share(replies as f64, all_replies().count()),
            decisions: offering,
            best_share: share(best_at as f64, offering),
            by_chance: share(chance, offering),
        }
    }
}

fn count_tell(decisions: &[Decision], tell: &Tell) -> TellCount {
    let containing: Vec<&DecisionReply> = decisions
        .iter()
        .flat_map(|decision| &decision.replies)
        .filter(|reply| tell.found_in(&reply.text))
        .collect();
    let best = containing.iter().filter(|reply| reply.best).count();
    let flagged = if containing.len() < MIN_TELL_REPLIES {
        None
    } else if best == 0 {
        Some(TellFlag::NeverBest)
    } else if best == containing.len() {
        Some(TellFlag::AlwaysBest)
    } else {
        None
    };
    TellCount {
        tell: tell.label.clone(),
        replies: containing.len(),
        best,
        flagged,
    }
}

/// `part / whole`, 0 when there is nothing to share.
fn share(part: f64, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part / whole as f64 }
}

/// How many runs of each bot a library analysis plays per scenario, from which first seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BotRuns {
    pub runs: usize,
    pub seed: u64,
}

/// Surface cues and bot scores of every scenario of a library, and of the library as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryCues {
    pub scenarios: Vec<ScenarioCues>,
    /// Every scenario's decisions pooled: the same measures, not an average of shares.
    pub total: SurfaceCues,
    /// Each bot over every scenario; empty when no bots were run.
    pub bots: Vec<LibraryBot>,
}

/// One scenario's row of a library analysis.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioCues {
    pub scenario_id: String,
    pub title: String,
    pub cues: SurfaceCues,
    /// Empty when no bots were run.
    pub bots: Vec<BotSummary>,
}

/// One bot over a whole library.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryBot {
    pub bot: Bot,
    /// Runs over all scenarios, stuck ones included.
    pub runs: usize,
    /// Mean score over every run that reached an ending, pooled across scenarios.
    pub mean: f64,
    /// Scenarios where this bot's best run scored 100.
    pub scenarios_at_100: usize,
    pub scenarios: usize,
}

impl LibraryCues {
    /// Analyses every scenario in `scenarios` and pools their decisions.
    pub fn of(scenarios: &[Arc<Scenario>], tells: &[Tell], bots: Option<BotRuns>) -> Self {
        let mut pooled = Vec::new();
        let mut rows = Vec::with_capacity(scenarios.len());
        for scenario in scenarios {
            let analysis = Analysis::of(scenario);
            let decisions = analysis.decisions(scenario);
            rows.push(ScenarioCues {
                scenario_id: scenario.meta.id.clone(),
                title: scenario.meta.title.clone(),
                cues: SurfaceCues::measure(&decisions, tells),
                bots: bots.map_or_else(Vec::new, |bots| {
                    run_bots(scenario, &analysis, bots.runs, bots.seed)
                }),
            });
            pooled.extend(decisions);
        }
        let bots = match bots {
            Some(_) => Bot::ALL
                .iter()
                .map(|&bot| LibraryBot::pool(bot, &rows))
                .collect(),
            None => Vec::new(),
        };
        LibraryCues {
            total: SurfaceCues::measure(&pooled, tells),
            scenarios: rows,
            bots,
        }
    }
}

impl LibraryBot {
    fn pool(bot: Bot, rows: &[ScenarioCues]) -> Self {
        let summaries: Vec<&BotSummary> = rows
            .iter()
            .flat_map(|row| row.bots.iter().filter(|summary| summary.bot == bot))
            .collect();
        let finished = |summary: &BotSummary| summary.runs - summary.stuck;
        let finished_runs: usize = summaries.iter().map(|summary| finished(summary)).sum();
        let score_sum: f64 = summaries
            .iter()
            .map(|summary| summary.mean * finished(summary) as f64)
            .sum();
        LibraryBot {
            bot,
            runs: summaries.iter().map(|summary| summary.runs).sum(),
            mean: share(score_sum, finished_runs),
            scenarios_at_100: summaries
                .iter()
                .filter(|summary| finished(summary) > 0 && summary.max == 100)
                .count(),
            scenarios: summaries.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(replies: &[(&str, bool)]) -> Decision {
        Decision {
            node: "n".into(),
            replies: replies
                .iter()
                .enumerate()
                .map(|(index, (text, best))| DecisionReply {
                    position: index + 1,
                    text: (*text).to_owned(),
                    best: *best,
                })
                .collect(),
        }
    }

    #[test]
    fn replies_tied_with_the_second_longest_are_all_in_the_top_two() {
        let tied = decision(&[("aaaa", false), ("bb", false), ("cc", true), ("d", false)]);
        assert_eq!(tied.top_two_by_length(), [true, true, true, false]);
        // Characters, not bytes: "é" is one character.
        let accented = decision(&[("ééé", false), ("abcd", true), ("ab", false)]);
        assert_eq!(accented.top_two_by_length(), [true, true, false]);
    }

    #[test]
    fn chance_counts_every_way_the_best_replies_could_be_placed() {
        // Two best among four, two marked: 1 - C(2,2)/C(4,2) = 1 - 1/6.
        let two_best = decision(&[("a", true), ("b", true), ("c", false), ("d", false)]);
        let marked = [false, false, true, true];
        assert!((two_best.chance_best_among(&marked) - 5.0 / 6.0).abs() < 1e-12);
        // More best replies than unmarked ones: a best one is always marked.
        let crowded = decision(&[("a", true), ("b", true), ("c", false)]);
        assert_eq!(crowded.chance_best_among(&[true, true, false]), 1.0);
        assert_eq!(crowded.chance_best_among(&[false, false, false]), 0.0);
    }

    #[test]
    fn text_is_matched_ignoring_case_and_the_kind_of_apostrophe() {
        assert!(contains_text("Sorry, I CAN\u{2019}T do that", "i can't"));
        assert!(!contains_text("I can do that", "can't"));
        let tell = Tell::new("apologise|apologize||");
        assert!(tell.found_in("We Apologize."));
        assert!(!tell.found_in("No apology."));
    }

    #[test]
    fn an_author_tell_already_in_the_defaults_is_counted_once() {
        let tells = Tell::defaults_and(&["policy".into(), "refund".into()]);
        assert_eq!(tells.len(), DEFAULT_TELLS.len() + 1);
        assert_eq!(tells.last().map(|t| t.label.as_str()), Some("refund"));
    }

    #[test]
    fn short_means_under_the_documented_number_of_characters() {
        assert!(is_short(&"x".repeat(SHORT_REPLY_CHARS - 1)));
        assert!(!is_short(&"x".repeat(SHORT_REPLY_CHARS)));
    }
}
