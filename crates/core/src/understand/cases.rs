//! Evaluating a matcher on a case file: one JSON object per line,
//! `{"scenario": FILE, "node": ID, "text": TYPED, "expect": N or null}` (N is the reply's
//! number, 1-based, in the order the file writes them; null when no reply should match).
//! Other keys are kept as they are; `kind` groups the report.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Matcher, ReplyTexts, Thresholds, Understood, all_replies, decide, understand};
use crate::scenario::model::Scenario;
use crate::session::Choice;

/// One case of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub scenario: String,
    pub node: String,
    pub text: String,
    pub expect: Option<u8>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// Reads a case file; a line that is not a case is an error naming its line.
pub fn read_cases(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|error| format!("line {}: {error}", index + 1))
        })
        .collect()
}

/// One case as the matcher scored it, before any threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub case: Case,
    /// Replies best first: 1-based reply number and score.
    pub ranked: Vec<(u8, f64)>,
}

/// Scores every case; a case whose scenario or node is missing is an error.
pub fn score_cases<M: Matcher>(
    cases: &[Case],
    scenario: impl Fn(&str) -> Option<std::sync::Arc<Scenario>>,
    matcher_for: impl Fn(&Scenario) -> M,
) -> Result<Vec<Scored>, String> {
    let mut matchers: BTreeMap<String, (std::sync::Arc<Scenario>, M)> = BTreeMap::new();
    let mut scored = Vec::with_capacity(cases.len());
    for case in cases {
        if !matchers.contains_key(&case.scenario) {
            let found = scenario(&case.scenario)
                .ok_or_else(|| format!("no scenario file `{}` loads", case.scenario))?;
            let matcher = matcher_for(&found);
            matchers.insert(case.scenario.clone(), (found, matcher));
        }
        let (scenario, matcher) = &matchers[&case.scenario];
        let node = scenario
            .nodes
            .iter()
            .find(|node| node.id == case.node)
            .ok_or_else(|| format!("`{}` has no node `{}`", case.scenario, case.node))?;
        let replies: Vec<ReplyTexts> = all_replies(node);
        if let Some(expect) = case.expect
            && (expect == 0 || usize::from(expect) > replies.len())
        {
            return Err(format!(
                "`{}` node `{}` has {} replies, not a reply {expect}",
                case.scenario,
                case.node,
                replies.len()
            ));
        }
        // The same path as a typed reply in play (empty text is never understood).
        let (ranked, _) = understand(matcher, &case.text, &replies);
        scored.push(Scored {
            case: case.clone(),
            ranked: ranked
                .into_iter()
                .map(|(choice, score)| (number(choice), score))
                .collect(),
        });
    }
    Ok(scored)
}

fn number(choice: Choice) -> u8 {
    match choice {
        Choice::Response(index) => index + 1,
        Choice::Silence | Choice::Unclear => 0,
    }
}

/// How one decision went against what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Sure of the expected reply.
    Right,
    /// Torn between two, the expected one among them.
    AskedRight,
    /// Sure of another reply, or torn between two others.
    Wrong,
    /// Did not understand a case that has an answer.
    Missed,
    /// Did not understand a case with no answer.
    Abstained,
    /// Took a case with no answer for a reply.
    FalseMatch,
}

fn verdict(scored: &Scored, thresholds: Thresholds) -> (Verdict, Understood) {
    let as_choices: Vec<(Choice, f64)> = scored
        .ranked
        .iter()
        .map(|(number, score)| (Choice::Response(number - 1), *score))
        .collect();
    let decision = decide(&as_choices, thresholds);
    let expected = scored.case.expect.map(|n| Choice::Response(n - 1));
    let verdict = match (decision, expected) {
        (Understood::Unclear { .. }, None) => Verdict::Abstained,
        (_, None) => Verdict::FalseMatch,
        (Understood::Unclear { .. }, Some(_)) => Verdict::Missed,
        (Understood::Sure { choice, .. }, Some(expected)) if choice == expected => Verdict::Right,
        (Understood::Torn { first, second, .. }, Some(expected))
            if first == expected || second == expected =>
        {
            Verdict::AskedRight
        }
        _ => Verdict::Wrong,
    };
    (verdict, decision)
}

/// A kind of case's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KindFigures {
    pub cases: usize,
    /// Cases with an answer whose best-scored reply is the expected one.
    pub top1: usize,
    pub sure_right: usize,
    pub asked: usize,
    pub wrong: usize,
    pub missed: usize,
    pub abstained: usize,
    pub false_matches: usize,
}

/// A case the matcher got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub scenario: String,
    pub node: String,
    pub text: String,
    pub expect: Option<u8>,
    /// What it was understood as.
    pub understood: Understood,
}

/// The evaluation of a matcher on a case file at given thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub matcher: String,
    pub thresholds: Thresholds,
    pub cases: usize,
    pub answerable: usize,
    /// Share of answerable cases whose best-scored reply is the expected one.
    pub top1_accuracy: f64,
    /// Share of answerable cases the rule is sure of, rightly.
    pub sure_right: f64,
    /// Share of answerable cases that end in "did you mean", the right reply among the two.
    pub asked_right: f64,
    /// Share of answerable cases taken for another reply.
    pub wrong: f64,
    /// Share of answerable cases not understood.
    pub missed: f64,
    /// Of the cases not understood, the share that had no answer.
    pub abstention_precision: f64,
    /// Of the cases with no answer, the share not understood.
    pub abstention_recall: f64,
    pub by_kind: BTreeMap<String, KindFigures>,
    pub confusions: Vec<Confusion>,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The report of `scored` cases at `thresholds`.
pub fn report(matcher: &str, scored: &[Scored], thresholds: Thresholds) -> Report {
    let mut all = KindFigures::default();
    let mut by_kind: BTreeMap<String, KindFigures> = BTreeMap::new();
    let mut confusions = Vec::new();
    for case in scored {
        let (verdict, decision) = verdict(case, thresholds);
        let kind = case
            .case
            .kind
            .clone()
            .unwrap_or_else(|| "unlabelled".into());
        let top1 = case.case.expect.is_some()
            && case.ranked.first().map(|(number, _)| *number) == case.case.expect;
        for figures in [&mut all, by_kind.entry(kind).or_default()] {
            figures.cases += 1;
            figures.top1 += usize::from(top1);
            match verdict {
                Verdict::Right => figures.sure_right += 1,
                Verdict::AskedRight => figures.asked += 1,
                Verdict::Wrong => figures.wrong += 1,
                Verdict::Missed => figures.missed += 1,
                Verdict::Abstained => figures.abstained += 1,
                Verdict::FalseMatch => figures.false_matches += 1,
            }
        }
        if matches!(
            verdict,
            Verdict::Wrong | Verdict::Missed | Verdict::FalseMatch
        ) {
            confusions.push(Confusion {
                scenario: case.case.scenario.clone(),
                node: case.case.node.clone(),
                text: case.case.text.clone(),
                expect: case.case.expect,
                understood: decision,
            });
        }
    }
    let answerable = all.cases - all.abstained - all.false_matches;
    let unanswerable = all.abstained + all.false_matches;
    Report {
        matcher: matcher.to_owned(),
        thresholds,
        cases: all.cases,
        answerable,
        top1_accuracy: share(all.top1, answerable),
        sure_right: share(all.sure_right, answerable),
        asked_right: share(all.asked, answerable),
        wrong: share(all.wrong, answerable),
        missed: share(all.missed, answerable),
        abstention_precision: share(all.abstained, all.abstained + all.missed),
        abstention_recall: share(all.abstained, unanswerable),
        by_kind,
        confusions,
    }
}

/// The thresholds that handle the most cases well: an answerable case understood rightly (a
/// "did you mean" with the right reply counts half: it costs the trainee a key press) and a
/// case with no answer not understood; a wrong reply taken counts against. Searched on a grid.
pub fn calibrate(scored: &[Scored]) -> Thresholds {
    let mut best = (
        f64::MIN,
        Thresholds {
            accept: 0.0,
            margin: 0.0,
        },
    );
    for accept_step in 0..=60 {
        for margin_step in 0..=30 {
            let thresholds = Thresholds {
                accept: f64::from(accept_step) * 0.01,
                margin: f64::from(margin_step) * 0.005,
            };
            let value: f64 = scored
                .iter()
                .map(|case| match verdict(case, thresholds).0 {
                    Verdict::Right | Verdict::Abstained => 1.0,
                    Verdict::AskedRight => 0.5,
                    Verdict::Missed => 0.0,
                    Verdict::Wrong | Verdict::FalseMatch => -1.0,
                })
                .sum();
            if value > best.0 {
                best = (value, thresholds);
            }
        }
    }
    best.1
}
