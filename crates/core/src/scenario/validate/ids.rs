//! Ids and references: empty and duplicate ids, `start` and `walkout`, every `next`, and the
//! "did you mean" hint for a misspelt one.

use foldhash::HashMapExt;

use crate::scenario::format::ScenarioFile;
use crate::scenario::locate::FieldPath;
use crate::scenario::model::Target;

use super::{Checker, Ids};

impl Checker {
    /// Gathers node and ending ids, reporting empty and duplicate ones.
    pub(super) fn collect_ids(&mut self, file: &ScenarioFile) -> Ids {
        let mut ids = Ids::new();
        let root = FieldPath::root();
        // The casts cannot truncate in a file that compiles: more than `MAX_NODES` nodes is
        // an error, and 4 billion endings would not fit in the largest file `load` reads.
        let nodes = file
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (root.field("nodes").index(i), &n.id, Target::Node(i as u32)));
        let endings = file.endings.iter().enumerate().map(|(i, e)| {
            (
                root.field("endings").index(i),
                &e.id,
                Target::Ending(i as u32),
            )
        });
        for (path, id, target) in nodes.chain(endings) {
            let path = path.field("id");
            if id.trim().is_empty() {
                self.error(&path, None, "an id is empty", "give this an id");
            } else if ids.contains_key(id.as_str()) {
                self.error(
                    &path,
                    Some(id.as_str()),
                    format!("duplicate id `{id}`: node and ending ids must be unique"),
                    "used before",
                );
            } else {
                ids.insert(id.clone(), target);
            }
        }
        ids
    }

    /// `start` must name a node and `walkout` an ending.
    pub(super) fn check_entry_points(&mut self, file: &ScenarioFile, ids: &Ids) {
        let root = FieldPath::root();
        match ids.get(&file.start) {
            Some(Target::Node(_)) => {}
            Some(Target::Ending(_)) => self.error(
                &root.field("start"),
                None,
                format!(
                    "`start` names an ending (`{}`); it must name a node",
                    file.start
                ),
                "an ending",
            ),
            None => self.target(&root.field("start"), None, &file.start, ids),
        }
        match ids.get(&file.walkout) {
            Some(Target::Ending(_)) => {}
            Some(Target::Node(_)) => self.error(
                &root.field("walkout"),
                None,
                format!(
                    "`walkout` names a node (`{}`); it must name an ending",
                    file.walkout
                ),
                "a node",
            ),
            None => self.target(&root.field("walkout"), None, &file.walkout, ids),
        }
    }

    /// `next` (or `start`, or `walkout`) must name a node or an ending.
    pub(super) fn target(&mut self, path: &FieldPath, node: Option<&str>, next: &str, ids: &Ids) {
        if !ids.contains_key(next) {
            self.error(
                path,
                node,
                format!("`next` names no node or ending: `{next}`"),
                "no node or ending has this id",
            );
            if let Some(id) = closest_id(next, ids) {
                self.help(format!("did you mean `{id}`?"));
            }
        }
    }
}

/// The known id nearest to a misspelt one, if any is close: within a third of its length.
fn closest_id<'a>(wanted: &str, ids: &'a Ids) -> Option<&'a str> {
    ids.keys()
        .map(|id| (edit_distance(wanted, id), id))
        .filter(|(distance, id)| *distance <= (id.chars().count() / 3).max(1))
        .min()
        .map(|(_, id)| id.as_str())
}

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("greeting", "greting"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
