//! What a cohort's sessions say, for its trainer: per scenario version, how often each reply
//! was chosen at each node and how the sessions that chose it ended, where the customers who
//! were lost were lost, and each skill's average day by day. Plain figures from the store's
//! rows and the scenario; the page draws them.

use std::collections::BTreeMap;

use rapport_core::scenario::format::Outcome;
use rapport_core::scenario::model::Scenario;
use rapport_core::session::Choice;
use rapport_store::{Store, StoreError};

use crate::db;

/// One reply at a node, as the cohort chose it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyFigures {
    /// The reply's text, or "(silence)".
    pub text: String,
    pub times: u32,
    /// Share of the node's choices, 0-100.
    pub share: f64,
    /// Average final score of the finished sessions that chose it.
    pub average_score: f64,
}

/// One node of a version, with the cohort's choices there (most chosen first).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeFigures {
    pub id: String,
    /// The customer's first line at the node.
    pub line: String,
    pub replies: Vec<ReplyFigures>,
}

/// One scenario version as a cohort played it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionFigures {
    pub title: String,
    pub content_hash: String,
    pub sessions: u32,
    pub average_score: f64,
    /// Each ending reached: its id, whether it loses the customer, how many sessions.
    pub endings: Vec<(String, bool, u32)>,
    /// Where customers were lost: the node of the last reply before a lost ending, its line,
    /// how many sessions; most first.
    pub lost_at: Vec<(String, String, u32)>,
    /// Nodes in the scenario's order, those the cohort reached.
    pub nodes: Vec<NodeFigures>,
    /// What the cohort typed that nothing on offer matched: per node (its id and line), the
    /// words, most recent last. A trainer adds the ones that meant a reply as its `examples`.
    pub not_understood: Vec<(String, String, Vec<String>)>,
}

/// A cohort's dashboard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CohortFigures {
    pub versions: Vec<VersionFigures>,
    /// Per skill: (day as Unix seconds at midnight UTC, average score that day).
    pub skills: Vec<(String, Vec<(i64, f64)>)>,
}

fn first_line(scenario: &Scenario, node: &str) -> String {
    scenario
        .nodes
        .iter()
        .find(|candidate| candidate.id == node)
        .and_then(|found| found.says.first().cloned())
        .unwrap_or_default()
}

fn reply_text(scenario: &Scenario, node: &str, choice: &str) -> String {
    let found = scenario.nodes.iter().find(|candidate| candidate.id == node);
    match serde_json::from_str::<Choice>(choice) {
        Ok(Choice::Response(index)) => found
            .and_then(|node| node.responses.get(usize::from(index)))
            .map_or_else(
                || format!("reply {}", index + 1),
                |reply| reply.text.clone(),
            ),
        Ok(Choice::Silence) => "(silence)".to_owned(),
        Ok(Choice::Unclear) => "(not understood: a typed reply)".to_owned(),
        Err(_) => choice.to_owned(),
    }
}

/// The figures of one version the cohort played.
fn version_figures(
    store: &mut Store,
    cohort_id: i64,
    scenario: &Scenario,
    sessions: u32,
    average_score: f64,
) -> Result<VersionFigures, StoreError> {
    let hash = &scenario.content_hash.0;
    let mut by_node: BTreeMap<String, Vec<(String, u32, f64)>> = BTreeMap::new();
    for (node, choice, times, average) in db::choices_made(store, cohort_id, hash)? {
        by_node
            .entry(node)
            .or_default()
            .push((choice, times, average));
    }
    let nodes = scenario
        .nodes
        .iter()
        .filter_map(|node| {
            let choices = by_node.get(&node.id)?;
            let total: u32 = choices.iter().map(|(_, times, _)| times).sum();
            let mut replies: Vec<ReplyFigures> = choices
                .iter()
                .map(|(choice, times, average)| ReplyFigures {
                    text: reply_text(scenario, &node.id, choice),
                    times: *times,
                    share: f64::from(*times) * 100.0 / f64::from(total.max(1)),
                    average_score: *average,
                })
                .collect();
            replies.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.text.cmp(&b.text)));
            Some(NodeFigures {
                id: node.id.clone(),
                line: first_line(scenario, &node.id),
                replies,
            })
        })
        .collect();
    let lost_endings: Vec<&str> = scenario
        .endings
        .iter()
        .filter(|ending| ending.outcome == Outcome::CustomerLost)
        .map(|ending| ending.id.as_str())
        .collect();
    let mut endings: BTreeMap<String, u32> = BTreeMap::new();
    let mut lost_at: BTreeMap<String, u32> = BTreeMap::new();
    for (ending, node) in db::last_nodes(store, cohort_id, hash)? {
        if lost_endings.contains(&ending.as_str()) {
            *lost_at.entry(node).or_default() += 1;
        }
        *endings.entry(ending).or_default() += 1;
    }
    let mut endings: Vec<(String, bool, u32)> = endings
        .into_iter()
        .map(|(ending, count)| {
            let lost = lost_endings.contains(&ending.as_str());
            (ending, lost, count)
        })
        .collect();
    endings.sort_by_key(|ending| std::cmp::Reverse(ending.2));
    let mut lost_at: Vec<(String, String, u32)> = lost_at
        .into_iter()
        .map(|(node, count)| {
            let line = first_line(scenario, &node);
            (node, line, count)
        })
        .collect();
    lost_at.sort_by_key(|place| std::cmp::Reverse(place.2));
    let mut not_understood: Vec<(String, String, Vec<String>)> = Vec::new();
    for (node, typed) in db::typed_not_understood(store, cohort_id, hash)? {
        let Ok(words) = serde_json::from_str::<rapport_core::record::TypedReply>(&typed) else {
            continue;
        };
        match not_understood.iter_mut().find(|(id, _, _)| *id == node) {
            Some((_, _, texts)) => texts.push(words.text),
            None => {
                let line = first_line(scenario, &node);
                not_understood.push((node, line, vec![words.text]));
            }
        }
    }
    // In the scenario's order, as the choices are.
    not_understood.sort_by_key(|(node, _, _)| {
        scenario
            .nodes
            .iter()
            .position(|candidate| candidate.id == *node)
    });
    Ok(VersionFigures {
        not_understood,
        title: scenario.meta.title.clone(),
        content_hash: hash.clone(),
        sessions,
        average_score,
        endings,
        lost_at,
        nodes,
    })
}

/// Everything the dashboard shows of cohort `cohort_id`; `version` finds the scenario of a
/// content hash the server holds (versions it no longer holds are left out).
pub fn cohort_figures<'a>(
    store: &mut Store,
    cohort_id: i64,
    version: impl Fn(&str) -> Option<&'a Scenario>,
) -> Result<CohortFigures, StoreError> {
    let mut versions = Vec::new();
    for (hash, sessions, average) in db::versions_played(store, cohort_id)? {
        if let Some(scenario) = version(&hash) {
            versions.push(version_figures(
                store, cohort_id, scenario, sessions, average,
            )?);
        }
    }
    let mut by_skill: BTreeMap<String, BTreeMap<i64, (u32, u32)>> = BTreeMap::new();
    for (day, skill, score) in db::skill_scores(store, cohort_id)? {
        let (sum, count) = by_skill.entry(skill).or_default().entry(day).or_default();
        *sum += u32::from(score);
        *count += 1;
    }
    let skills = by_skill
        .into_iter()
        .map(|(skill, days)| {
            // Stored under the format's name (`ActiveListening`); shown as people say it.
            let skill = serde_json::from_value::<rapport_core::scenario::format::Skill>(
                serde_json::Value::String(skill.clone()),
            )
            .map_or(skill, |known| known.label().to_owned());
            let days = days
                .into_iter()
                .map(|(day, (sum, count))| (day, f64::from(sum) / f64::from(count.max(1))))
                .collect();
            (skill, days)
        })
        .collect();
    Ok(CohortFigures { versions, skills })
}
