//! Breadth-first reachability over a scenario's links, ignoring conditions: shared by the
//! validator (on the file as written) and the author's map (on the compiled scenario).

use std::collections::VecDeque;

use super::model::{EndingIndex, Node, NodeIndex, Scenario, Target};

/// What a breadth-first walk from one node reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Per node: the fewest links from the start to it (0 for the start itself), or `None` when
    /// no path reaches it.
    pub depth: Vec<Option<u32>>,
    /// Per ending: whether a reached node links to it.
    pub endings: Vec<bool>,
}

impl Reach {
    /// Whether a path from the start reaches node `node`.
    pub fn reaches_node(&self, node: NodeIndex) -> bool {
        self.depth
            .get(node as usize)
            .is_some_and(|depth| depth.is_some())
    }

    /// Whether a path from the start reaches ending `ending`.
    pub fn reaches_ending(&self, ending: EndingIndex) -> bool {
        self.endings.get(ending as usize).copied().unwrap_or(false)
    }
}

/// Walks breadth-first from `start` over a graph of `node_count` nodes and `ending_count`
/// endings, where `links(n)` gives what node `n` leads to. Every link counts, whatever its
/// conditions. Out-of-range indices (including `start`) are ignored rather than trusted, so
/// callers on unvalidated input cannot make it panic.
pub fn breadth_first<I>(
    start: NodeIndex,
    node_count: usize,
    ending_count: usize,
    mut links: impl FnMut(NodeIndex) -> I,
) -> Reach
where
    I: IntoIterator<Item = Target>,
{
    let mut reach = Reach {
        depth: vec![None; node_count],
        endings: vec![false; ending_count],
    };
    let mut queue = VecDeque::new();
    if let Some(depth) = reach.depth.get_mut(start as usize) {
        *depth = Some(0);
        queue.push_back((start, 0));
    }
    while let Some((node, depth)) = queue.pop_front() {
        for target in links(node) {
            match target {
                Target::Node(next) => {
                    if let Some(slot @ None) = reach.depth.get_mut(next as usize) {
                        *slot = Some(depth + 1);
                        queue.push_back((next, depth + 1));
                    }
                }
                Target::Ending(ending) => {
                    if let Some(reached) = reach.endings.get_mut(ending as usize) {
                        *reached = true;
                    }
                }
            }
        }
    }
    reach
}

/// Where a compiled node's responses and time limit lead, in that order.
pub fn links(node: &Node) -> impl Iterator<Item = Target> + '_ {
    node.responses
        .iter()
        .map(|response| response.next)
        .chain(node.silence.iter().map(|silence| silence.next))
}

/// [`breadth_first`] over a compiled scenario, from its `start` node. The walkout ending is
/// marked reached only if a link leads to it (the customer walking out is not a link).
pub fn reachable(scenario: &Scenario) -> Reach {
    breadth_first(
        scenario.start,
        scenario.nodes.len(),
        scenario.endings.len(),
        |node| {
            scenario
                .nodes
                .get(node as usize)
                .into_iter()
                .flat_map(links)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depths_count_links_and_out_of_range_targets_are_ignored() {
        // 0 -> 1 -> 2 -> ending 0, 0 -> ending 1, node 3 unlinked, and a bogus link from 1.
        let links = [
            vec![Target::Node(1), Target::Ending(1)],
            vec![Target::Node(2), Target::Node(9), Target::Ending(7)],
            vec![Target::Node(0), Target::Ending(0)],
            vec![Target::Ending(2)],
        ];
        let reach = breadth_first(0, 4, 3, |node| links[node as usize].clone());
        assert_eq!(reach.depth, vec![Some(0), Some(1), Some(2), None]);
        assert_eq!(reach.endings, vec![true, true, false]);
        assert!(reach.reaches_node(2) && !reach.reaches_node(3) && !reach.reaches_node(99));
        assert!(reach.reaches_ending(1) && !reach.reaches_ending(2) && !reach.reaches_ending(99));
    }

    #[test]
    fn a_start_out_of_range_reaches_nothing() {
        let reach = breadth_first(5, 2, 1, |_| [Target::Ending(0)]);
        assert_eq!(reach.depth, vec![None, None]);
        assert_eq!(reach.endings, vec![false]);
    }
}
