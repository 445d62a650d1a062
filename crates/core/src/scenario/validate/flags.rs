//! Flags and conditions: names, the limit of [`MAX_FLAGS`] bits, thresholds, and conditions
//! on flags that nothing ever sets.

use foldhash::{HashSet, HashSetExt};

use crate::scenario::format::{Condition as ConditionSpec, ScenarioFile};
use crate::scenario::locate::FieldPath;

use super::ranges::METER;
use super::{Checker, MAX_FLAGS};

impl Checker {
    /// Checks a flag's name and gives it the next free bit on first use.
    pub(super) fn flag(&mut self, path: &FieldPath, node: Option<&str>, name: &str) {
        if name.trim().is_empty() {
            self.error(path, node, "a flag name is empty", "name the flag");
            return;
        }
        if self.flags.contains_key(name) {
            return;
        }
        // Bits are 0..MAX_FLAGS, and MAX_FLAGS (128) fits in `u8`, so the conversion fails
        // only past the limit, where the flag is refused anyway.
        match u8::try_from(self.flags.len()) {
            Ok(bit) if usize::from(bit) < MAX_FLAGS => {
                self.padded_name(path, node, name, "flag name");
                self.flags.insert(name.to_owned(), bit);
            }
            _ if self.flag_overflow_reported => {}
            _ => {
                self.flag_overflow_reported = true;
                self.error(
                    path,
                    node,
                    format!("flag `{name}` is one more than the {MAX_FLAGS} distinct flags a scenario may use"),
                    "too many flags",
                );
            }
        }
    }

    /// Checks each condition's flag or threshold.
    pub(super) fn conditions(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        conditions: &[ConditionSpec],
    ) {
        for (index, condition) in conditions.iter().enumerate() {
            let path = path.index(index);
            match condition {
                ConditionSpec::Flag(flag) | ConditionSpec::NotFlag(flag) => {
                    self.flag(&path, node, flag);
                }
                ConditionSpec::AtLeast(meter, value) | ConditionSpec::Below(meter, value) => {
                    self.bounded(
                        &METER,
                        &path,
                        node,
                        &format!("the {} threshold", meter.label()),
                        *value,
                    );
                }
            }
        }
    }

    /// Warns about conditions on flags that nothing ever sets: they never (or always) hold.
    pub(super) fn check_flags_are_set(&mut self, file: &ScenarioFile) {
        let mut set: HashSet<&str> = HashSet::new();
        for node in &file.nodes {
            for response in &node.responses {
                set.extend(response.sets.iter().map(String::as_str));
            }
            if let Some(limit) = &node.time_limit {
                set.extend(limit.sets.iter().map(String::as_str));
            }
        }
        for (index, node) in file.nodes.iter().enumerate() {
            let path = FieldPath::root().field("nodes").index(index);
            let reactions = node.reactions.iter().enumerate().map(|(r, reaction)| {
                (
                    path.field("reactions").index(r).field("when"),
                    &reaction.when,
                )
            });
            let responses = node.responses.iter().enumerate().map(|(r, response)| {
                (
                    path.field("responses").index(r).field("requires"),
                    &response.requires,
                )
            });
            for (path, conditions) in reactions.chain(responses) {
                for (index, condition) in conditions.iter().enumerate() {
                    let (flag, always) = match condition {
                        ConditionSpec::Flag(flag) => (flag, "never"),
                        ConditionSpec::NotFlag(flag) => (flag, "always"),
                        ConditionSpec::AtLeast(..) | ConditionSpec::Below(..) => continue,
                    };
                    if !set.contains(flag.as_str()) {
                        self.warning(
                            &path.index(index),
                            Some(node.id.as_str()),
                            format!(
                                "no response sets flag `{flag}`, so this condition {always} holds"
                            ),
                            "flag never set",
                        );
                    }
                }
            }
        }
    }
}
