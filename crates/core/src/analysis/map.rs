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
        };
        steps.push((node, led_to));
        state = moved.state;
    }
    steps
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
}
