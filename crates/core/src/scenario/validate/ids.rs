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
                self.padded_name(&path, Some(id.as_str()), id, "id");
                ids.insert(id.clone(), target);
            }
        }
        ids
    }

    /// Warns about an id or flag name with white space at either end: it reads like the
    /// name without it, yet whatever names it must repeat the spaces exactly.
    pub(super) fn padded_name(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        name: &str,
        what: &str,
    ) {
        if name.trim() != name {
            self.warning(
                path,
                node,
                format!(
                    "{what} `{}` starts or ends with white space, which every place that names it must repeat",
                    name.escape_debug()
                ),
                "white space",
            );
            self.help("remove the spaces: names are compared exactly");
        }
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
            // Each hint compares the id with every id in the file; a file with thousands of
            // broken links and long ids would keep validation (and the game's hot reload)
            // busy for minutes. A trainer fixes the first ones first, and the report shows
            // the first 100 problems, so only the first few get a hint.
            if self.hints_searched < MAX_HINTS {
                self.hints_searched += 1;
                if let Some(id) = closest_id(next, ids) {
                    self.help(format!("did you mean `{id}`?"));
                }
            }
        }
    }
}

/// How many misspelt ids in one file get a "did you mean" hint.
pub(super) const MAX_HINTS: usize = 20;
/// Ids longer than this (in characters) get no hint and are never suggested: a typo in a
/// 200-character id is not what a hint is for, and the comparison grows with the length.
pub(super) const MAX_HINT_CHARS: usize = 64;

/// The known id nearest to a misspelt one, if any is close: within a third of its length.
fn closest_id<'a>(wanted: &str, ids: &'a Ids) -> Option<&'a str> {
    let wanted: Vec<char> = wanted.chars().collect();
    if wanted.len() > MAX_HINT_CHARS {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    let mut candidate = Vec::with_capacity(MAX_HINT_CHARS);
    for id in ids.keys() {
        candidate.clear();
        candidate.extend(id.chars().take(MAX_HINT_CHARS + 1));
        if candidate.len() > MAX_HINT_CHARS {
            continue;
        }
        let limit = (candidate.len() / 3).max(1);
        if let Some(distance) = edit_distance_within(&wanted, &candidate, limit) {
            let better = match best {
                None => true,
                Some((so_far, name)) => (distance, id.as_str()) < (so_far, name),
            };
            if better {
                best = Some((distance, id));
            }
        }
    }
    best.map(|(_, id)| id)
}

/// Levenshtein distance between `a` and `b` if it is at most `limit`, else `None`. Only the
/// band of cells within `limit` of the diagonal can stay under it, so the work is
/// `len * limit`, not `len * len`, and a length difference over `limit` costs nothing.
fn edit_distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Cells outside the band count as over the limit.
    let over = limit + 1;
    let mut row: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    for (i, ca) in a.iter().enumerate() {
        let low = (i + 1).saturating_sub(limit);
        let high = (i + 1 + limit).min(b.len());
        // The previous row's cell left of the band's first column, then this row's.
        let mut diagonal = if low == 0 {
            std::mem::replace(&mut row[0], (i + 1).min(over))
        } else {
            // Left of the band is out of reach.
            std::mem::replace(&mut row[low - 1], over)
        };
        let mut smallest = if low == 0 { row[0] } else { over };
        for j in low.max(1)..=high {
            let substitution = diagonal + usize::from(*ca != b[j - 1]);
            diagonal = row[j];
            let value = substitution.min(row[j - 1] + 1).min(row[j] + 1).min(over);
            row[j] = value;
            smallest = smallest.min(value);
        }
        if high < b.len() {
            // The cell right of the band is out of reach on the next row.
            row[high + 1] = over;
        }
        if smallest > limit {
            return None;
        }
    }
    (row[b.len()] <= limit).then_some(row[b.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        edit_distance_within(&a, &b, limit)
    }

    /// The plain full-table Levenshtein distance, to check the banded one against.
    fn full(a: &str, b: &str) -> usize {
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

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(distance("greeting", "greting", 2), Some(1));
        assert_eq!(distance("", "abc", 3), Some(3));
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("a", "abcdef", 2), None, "too far apart in length");
    }

    #[test]
    fn the_banded_distance_agrees_with_the_full_table_within_its_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "opening",
            "openign",
            "opnening",
            "details",
            "detials",
            "dead_air",
            "dead-end",
            "verify",
            "verity",
            "resolved",
            "reslved",
            "escalate",
            "escalated",
            "hangs-up",
            "hung_up",
            "xyz",
            "kitten",
            "sitting",
        ];
        for a in words {
            for b in words {
                for limit in 0..5 {
                    let exact = full(a, b);
                    let expected = (exact <= limit).then_some(exact);
                    assert_eq!(
                        distance(a, b, limit),
                        expected,
                        "{a:?} {b:?} within {limit}"
                    );
                }
            }
        }
    }
}
