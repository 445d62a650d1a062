//! The conversation as a graph, ignoring conditions: nodes and endings no path from `start`
//! reaches (warnings) and loops no path leaves (errors).

use std::collections::VecDeque;

use crate::scenario::format::ScenarioFile;
use crate::scenario::graph::{Reach, breadth_first};
use crate::scenario::locate::FieldPath;
use crate::scenario::model::Target;

use super::{Checker, Ids};

/// Most node ids a stuck-loop message lists before counting the rest.
const MAX_LISTED: usize = 8;

impl Checker {
    /// Reports what `start` cannot reach and the nodes from which no ending can be reached.
    pub(super) fn check_structure(&mut self, file: &ScenarioFile, ids: &Ids) {
        // Without a start node there is nothing to walk from; that is already an error.
        let Some(Target::Node(start)) = ids.get(&file.start).copied() else {
            return;
        };
        // Unknown ids are already errors; leaving them out keeps the walk on real targets.
        let successors: Vec<Vec<Target>> = file
            .nodes
            .iter()
            .map(|node| {
                node.responses
                    .iter()
                    .map(|r| r.next.as_str())
                    .chain(node.time_limit.iter().map(|t| t.next.as_str()))
                    .filter_map(|next| ids.get(next).copied())
                    .collect()
            })
            .collect();
        let Reach {
            depth,
            endings: mut ending_reached,
        } = breadth_first(start, file.nodes.len(), file.endings.len(), |node| {
            successors.get(node as usize).into_iter().flatten().copied()
        });
        if let Some(Target::Ending(walkout)) = ids.get(&file.walkout).copied()
            && let Some(reached) = ending_reached.get_mut(walkout as usize)
        {
            // The customer can always walk out, so the walkout ending counts as reachable.
            *reached = true;
        }

        // After an error (a misspelt or duplicate id), "unreachable" is usually its echo.
        if !self.has_errors() {
            for (index, node) in file.nodes.iter().enumerate() {
                if depth[index].is_none() {
                    self.warning(
                        &FieldPath::root().field("nodes").index(index).field("id"),
                        Some(node.id.as_str()),
                        "no path from `start` reaches this node",
                        "unreachable",
                    );
                }
            }
            for (index, ending) in file.endings.iter().enumerate() {
                if !ending_reached[index] {
                    self.warning(
                        &FieldPath::root().field("endings").index(index).field("id"),
                        None,
                        format!("no path from `start` reaches ending `{}`", ending.id),
                        "unreachable",
                    );
                }
            }
        }

        let can_end = can_end(&successors);
        // A node with no successors is a dead end (or has only unknown `next`s), reported
        // already; here only loops count.
        let stuck: Vec<usize> = (0..file.nodes.len())
            .filter(|&n| depth[n].is_some() && !can_end[n] && !successors[n].is_empty())
            .collect();
        if let Some(&first) = stuck.first() {
            let names: Vec<&str> = stuck
                .iter()
                .take(MAX_LISTED)
                .map(|&n| file.nodes[n].id.as_str())
                .collect();
            let more = if stuck.len() > MAX_LISTED {
                format!(" and {} more", stuck.len() - MAX_LISTED)
            } else {
                String::new()
            };
            self.error(
                &FieldPath::root().field("nodes").index(first).field("id"),
                Some(file.nodes[first].id.as_str()),
                format!(
                    "a loop that can never end: no ending can be reached from {}{more}",
                    names.join(", ")
                ),
                "trapped here",
            );
            self.help("give one of these nodes a response whose `next` leads to an ending");
        }
    }
}

/// Per node, whether some path from it reaches an ending: a breadth-first walk backwards from
/// the nodes that link to an ending directly.
fn can_end(successors: &[Vec<Target>]) -> Vec<bool> {
    let mut predecessors = vec![Vec::new(); successors.len()];
    let mut can_end = vec![false; successors.len()];
    let mut queue = VecDeque::new();
    for (node, targets) in successors.iter().enumerate() {
        for target in targets {
            match *target {
                Target::Node(next) => predecessors[next as usize].push(node),
                Target::Ending(_) if !can_end[node] => {
                    can_end[node] = true;
                    queue.push_back(node);
                }
                Target::Ending(_) => {}
            }
        }
    }
    while let Some(node) = queue.pop_front() {
        for &previous in &predecessors[node] {
            if !can_end[previous] {
                can_end[previous] = true;
                queue.push_back(previous);
            }
        }
    }
    can_end
}
