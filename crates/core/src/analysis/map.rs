//! The author's map of a scenario: nodes laid out left to right by distance from the opening,
//! endings last, with the problems the analysis found and its best path marked. Pure layout
//! (columns and rows); the game draws it.

use std::collections::HashMap;

use super::Analysis;
use super::report::AnalysisReport;
use crate::scenario::graph::{links, reachable};
use crate::scenario::model::{Scenario, Target};
use crate::session::{Choice, start_state, step};

/// A scenario laid out for drawing: columns by distance from the opening node.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioMap {
    pub boxes: Vec<MapBox>,
    pub arrows: Vec<MapArrow>,
    pub columns: usize,
    pub rows: usize,
}

/// A node or an ending on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapBox {
    pub id: String,
    pub column: usize,
    pub row: usize,
    pub is_ending: bool,
    pub problem: bool,
    pub on_best_path: bool,
}

/// A `next` link between two boxes (indices into `boxes`).
#[derive(Debug, Clone, PartialEq)]
pub struct MapArrow {
    pub from: usize,
    pub to: usize,
    pub on_best_path: bool,
}

/// Lays a scenario out left to right: nodes by breadth-first distance from `start`, nodes no
/// link reaches in the column after, endings last. Problems and the best path come from the
/// analysis report and the best choices.
pub fn layout(
    scenario: &Scenario,
    report: Option<&AnalysisReport>,
    best_steps: &[(u32, Target)],
) -> ScenarioMap {
    let node_count = scenario.nodes.len();
    // Unreached nodes sort after every reached one: they go in the column after the deepest.
    let depth: Vec<usize> = reachable(scenario)
        .depth
        .iter()
        .map(|depth| depth.map_or(usize::MAX, |d| d as usize))
        .collect();
    let deepest = depth
        .iter()
        .copied()
        .filter(|d| *d != usize::MAX)
        .max()
        .unwrap_or(0);
    let unplaced = deepest + 1;
    let ending_column = if depth.contains(&usize::MAX) {
        deepest + 2
    } else {
        deepest + 1
    };
    let flagged = |id: &str| {
        report.is_some_and(|r| {
            r.unreached_nodes.iter().any(|n| n == id)
                || r.dead_ends.iter().any(|d| d.node == id)
                || r.endings.iter().any(|e| e.id == id && !e.reached)
        })
    };
    let mut rows_used: HashMap<usize, usize> = HashMap::new();
    let mut place = |column: usize| {
        let row = rows_used.entry(column).or_insert(0);
        *row += 1;
        *row - 1
    };
    let mut boxes = Vec::with_capacity(node_count + scenario.endings.len());
    let mut order: Vec<usize> = (0..node_count).collect();
    order.sort_by_key(|&n| (depth[n], n));
    let mut box_of_node = vec![0; node_count];
    for node in order {
        let column = if depth[node] == usize::MAX {
            unplaced
        } else {
            depth[node]
        };
        box_of_node[node] = boxes.len();
        let id = &scenario.nodes[node].id;
        boxes.push(MapBox {
            id: id.clone(),
            column,
            row: place(column),
            is_ending: false,
            problem: flagged(id),
            on_best_path: best_steps.iter().any(|(from, _)| *from as usize == node),
        });
    }
    let first_ending = boxes.len();
    for (index, ending) in scenario.endings.iter().enumerate() {
        boxes.push(MapBox {
            id: ending.id.clone(),
            column: ending_column,
            row: place(ending_column),
            is_ending: true,
            problem: flagged(&ending.id),
            on_best_path: best_steps
                .iter()
                .any(|(_, to)| *to == Target::Ending(index as u32)),
        });
    }
    let box_of = |target: Target| match target {
        Target::Node(node) => box_of_node[node as usize],
        Target::Ending(ending) => first_ending + ending as usize,
    };
    // One arrow per pair of boxes, green if any link between them is on the best path.
    let mut arrows: Vec<MapArrow> = Vec::new();
    for (node, &from) in box_of_node.iter().enumerate() {
        for target in links(&scenario.nodes[node]) {
            let to = box_of(target);
            let on_best_path = best_steps.contains(&(node as u32, target));
            match arrows.iter_mut().find(|a| a.from == from && a.to == to) {
                Some(existing) => existing.on_best_path |= on_best_path,
                None => arrows.push(MapArrow {
                    from,
                    to,
                    on_best_path,
                }),
            }
        }
    }
    ScenarioMap {
        columns: ending_column + 1,
        rows: rows_used.values().copied().max().unwrap_or(0),
        boxes,
        arrows,
    }
}

/// The (node, where it led) steps of the analysis's best path.
pub fn best_steps(scenario: &Scenario, analysis: &Analysis) -> Vec<(u32, Target)> {
    let mut state = start_state(scenario);
    let mut steps = Vec::new();
    for choice in analysis.best_choices() {
        let Target::Node(node) = state.at else { break };
        let Ok(moved) = step(scenario, &state, choice) else {
            break;
        };
        let led_to = match choice {
            Choice::Response(i) => scenario.node(node).responses[usize::from(i)].next,
            Choice::Silence => scenario
                .node(node)
                .silence
                .as_ref()
                .map_or(moved.state.at, |s| s.next),
            Choice::Unclear => moved.state.at,
        };
        steps.push((node, led_to));
        state = moved.state;
    }
    steps
}

/// A cohort's play laid over a [`ScenarioMap`]: how often each box was reached and each arrow
/// taken, and what was chosen at each node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CohortOverlay {
    /// Finished sessions.
    pub sessions: u32,
    /// Per box: turns taken at the node (a node visited twice in a session counts twice), or
    /// sessions that ended at the ending.
    pub visits: Vec<u32>,
    /// Per arrow: choices that followed it.
    pub taken: Vec<u32>,
    /// Per box: the replies chosen there, most chosen first.
    pub replies: Vec<Vec<OverlayReply>>,
}

/// One reply as the cohort chose it at a node.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayReply {
    /// The reply's text, or "(silence)".
    pub text: String,
    pub times: u32,
    /// Share of the choices made at the node, 0-100.
    pub share: f64,
    pub average_score: f64,
}

impl CohortOverlay {
    /// How strongly to shade box `index`: the share of sessions that reached it, 0 to 1.
    pub fn reach(&self, index: usize) -> f32 {
        let visits = self.visits.get(index).copied().unwrap_or(0);
        (visits as f32 / self.sessions.max(1) as f32).min(1.0)
    }
}

/// Lays `choices` (a cohort's, for this scenario version) over `map`. Choices at nodes or
/// replies the scenario does not have (another version's) are left out.
pub fn overlay(
    scenario: &Scenario,
    map: &ScenarioMap,
    choices: &crate::submission::CohortChoices,
) -> CohortOverlay {
    let box_named = |id: &str, ending: bool| {
        map.boxes
            .iter()
            .position(|b| b.id == id && b.is_ending == ending)
    };
    let mut visits = vec![0u32; map.boxes.len()];
    let mut taken = vec![0u32; map.arrows.len()];
    let mut replies: Vec<Vec<OverlayReply>> = vec![Vec::new(); map.boxes.len()];
    for figures in &choices.choices {
        let Some(node) = scenario.nodes.iter().find(|n| n.id == figures.node) else {
            continue;
        };
        let (text, target) = match figures.choice {
            Choice::Response(index) => match node.responses.get(usize::from(index)) {
                Some(response) => (response.text.clone(), response.next),
                None => continue,
            },
            Choice::Silence => match &node.silence {
                Some(silence) => ("(silence)".to_owned(), silence.next),
                None => continue,
            },
            // Not a link of the map: the customer asked what was meant.
            Choice::Unclear => continue,
        };
        let Some(from) = box_named(&node.id, false) else {
            continue;
        };
        visits[from] += figures.times;
        let to = match target {
            Target::Node(index) => box_named(&scenario.nodes[index as usize].id, false),
            Target::Ending(index) => box_named(&scenario.endings[index as usize].id, true),
        };
        if let Some(arrow) = map
            .arrows
            .iter()
            .position(|a| a.from == from && Some(a.to) == to)
        {
            taken[arrow] += figures.times;
        }
        replies[from].push(OverlayReply {
            text,
            times: figures.times,
            share: 0.0,
            average_score: figures.average_score,
        });
    }
    for (ending, sessions) in &choices.endings {
        if let Some(index) = box_named(ending, true) {
            visits[index] += sessions;
        }
    }
    for at_node in &mut replies {
        let total: u32 = at_node.iter().map(|reply| reply.times).sum();
        for reply in at_node.iter_mut() {
            reply.share = f64::from(reply.times) * 100.0 / f64::from(total.max(1));
        }
        at_node.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.text.cmp(&b.text)));
    }
    CohortOverlay {
        sessions: choices.sessions,
        visits,
        taken,
        replies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = include_str!("../../../../scenarios/_template.ron");

    #[test]
    fn the_map_puts_the_opening_first_and_endings_last() {
        let scenario = crate::scenario::load_valid("template.ron", SCENARIO).unwrap();
        let analysis = Analysis::of(&scenario);
        let report = analysis.report(&scenario);
        let map = layout(&scenario, Some(&report), &best_steps(&scenario, &analysis));
        let opening = map.boxes.iter().find(|b| b.id == "opening").unwrap();
        assert_eq!((opening.column, opening.row), (0, 0));
        let details = map.boxes.iter().find(|b| b.id == "details").unwrap();
        assert_eq!(details.column, 1);
        assert!(
            map.boxes
                .iter()
                .filter(|b| b.is_ending)
                .all(|b| b.column == map.columns - 1)
        );
        // The best path: opening -> details -> resolved, drawn green.
        assert!(opening.on_best_path && details.on_best_path);
        assert!(
            map.boxes
                .iter()
                .find(|b| b.id == "resolved")
                .unwrap()
                .on_best_path
        );
        assert_eq!(map.arrows.iter().filter(|a| a.on_best_path).count(), 2);
        // Every ending of the template is reached, so nothing is red.
        assert!(map.boxes.iter().all(|b| !b.problem));
    }

    #[test]
    fn endings_no_play_reaches_are_marked_as_problems() {
        let text = SCENARIO.replace(
            "    endings: [",
            "    endings: [\n        EndingSpec(id: \"orphan\", outcome: Resolved, text: \"Never.\"),",
        );
        let scenario = crate::scenario::load_valid("orphan.ron", &text).unwrap();
        let report = Analysis::of(&scenario).report(&scenario);
        let map = layout(&scenario, Some(&report), &[]);
        assert!(map.boxes.iter().find(|b| b.id == "orphan").unwrap().problem);
    }

    #[test]
    fn a_cohorts_choices_shade_the_boxes_and_arrows_they_went_through() {
        use crate::submission::{ChoiceFigures, CohortChoices};
        let scenario = crate::scenario::load_valid("template.ron", SCENARIO).unwrap();
        let map = layout(&scenario, None, &[]);
        let figures = |node: &str, choice, times, average_score| ChoiceFigures {
            node: node.into(),
            choice,
            times,
            average_score,
        };
        let choices = CohortChoices {
            cohort: "c".into(),
            content_hash: scenario.content_hash.0.clone(),
            sessions: 4,
            choices: vec![
                figures("opening", Choice::Response(0), 3, 80.0),
                figures("opening", Choice::Response(2), 1, 20.0),
                figures("details", Choice::Response(0), 3, 80.0),
                // Another version's: a node and a reply this one does not have.
                figures("gone", Choice::Response(0), 9, 50.0),
                figures("opening", Choice::Response(40), 9, 50.0),
            ],
            endings: vec![("resolved".into(), 3), ("gone".into(), 1)],
        };
        let overlay = overlay(&scenario, &map, &choices);
        let index = |id: &str| map.boxes.iter().position(|b| b.id == id).unwrap();
        assert_eq!(overlay.visits[index("opening")], 4);
        assert_eq!(overlay.reach(index("opening")), 1.0);
        assert_eq!(overlay.visits[index("details")], 3);
        assert_eq!(overlay.visits[index("resolved")], 3);
        assert_eq!(overlay.reach(index("details")), 0.75);
        let opening = &overlay.replies[index("opening")];
        assert_eq!(opening.len(), 2);
        assert_eq!((opening[0].times, opening[0].share), (3, 75.0));
        assert!(opening[0].text.starts_with("I'm sorry it hasn't arrived"));
        assert_eq!(opening[1].average_score, 20.0);
        let arrow = |from: &str, to: &str| {
            map.arrows
                .iter()
                .position(|a| a.from == index(from) && a.to == index(to))
                .unwrap()
        };
        assert_eq!(overlay.taken[arrow("opening", "details")], 3);
        assert_eq!(overlay.taken[arrow("opening", "gave_up")], 1);
        assert_eq!(overlay.taken.iter().sum::<u32>(), 7);
    }
}
