//! Bounds on single values: every number with an allowed range is one row of a table below,
//! checked by one function, and every text must be non-empty and within [`MAX_TEXT_CHARS`].

use std::ops::RangeInclusive;

use crate::scenario::format::{Effect, MAX_AMOUNT, MAX_EFFORT, MAX_EXAMPLES, MAX_TAKEAWAY_CHARS};
use crate::scenario::locate::FieldPath;

use super::{Checker, MAX_NODES, MAX_RESPONSES, MAX_TEXT_CHARS, MAX_TIME_LIMIT_SECONDS};

/// A number's allowed range, and how to say a value is outside it.
pub(super) struct Bound {
    pub range: RangeInclusive<i64>,
    /// Words the error from what the value is (as the check names it) and the value.
    pub message: fn(&str, i64) -> String,
    pub label: &'static str,
}

// `as i64` below widens: `usize` and `u32` limits this small fit, and `From` is not const.

/// A meter's value: a starting value or a condition's threshold.
pub(super) const METER: Bound = Bound {
    range: 0..=100,
    message: |what, value| format!("{what} is {value}; meters run from 0 to 100"),
    label: "out of range",
};

/// One meter's change in an effect; `what` is the meter's name.
pub(super) const CHANGE: Bound = Bound {
    range: -100..=100,
    message: |meter, value| {
        format!("a change of {value} to {meter} is out of range; changes run from -100 to 100")
    },
    label: "out of range",
};

pub(super) const DIFFICULTY: Bound = Bound {
    range: 1..=5,
    message: |_, value| {
        format!("difficulty {value} is out of range; use 1 (gentle) to 5 (hardest)")
    },
    label: "out of range",
};

pub(super) const ESTIMATED_MINUTES: Bound = Bound {
    range: 1..=i64::MAX,
    message: |_, _| "estimated minutes must be at least 1".to_owned(),
    label: "zero",
};

pub(super) const MAX_TURNS: Bound = Bound {
    range: 1..=i64::MAX,
    message: |_, _| "max_turns must be at least 1".to_owned(),
    label: "zero",
};

/// How many nodes a scenario has.
pub(super) const NODE_COUNT: Bound = Bound {
    range: 0..=MAX_NODES as i64,
    message: |_, count| format!("{count} nodes is more than the {MAX_NODES} a scenario may have"),
    label: "too many nodes",
};

/// How many responses a node offers.
pub(super) const RESPONSE_COUNT: Bound = Bound {
    range: 0..=MAX_RESPONSES as i64,
    message: |_, count| {
        format!("{count} responses is more than the {MAX_RESPONSES} a node may offer")
    },
    label: "one too many",
};

pub(super) const TIME_LIMIT: Bound = Bound {
    range: 1..=MAX_TIME_LIMIT_SECONDS as i64,
    message: |_, seconds| {
        format!("a time limit of {seconds} s is out of range; use 1 to {MAX_TIME_LIMIT_SECONDS}")
    },
    label: "out of range",
};

/// A customer's value a year.
pub(super) const CUSTOMER_VALUE: Bound = Bound {
    range: 1..=MAX_AMOUNT,
    message: |_, value| {
        format!("a customer value of {value} a year is out of range; use 1 to {MAX_AMOUNT}")
    },
    label: "out of range",
};

/// What one reply gives away.
pub(super) const COST: Bound = Bound {
    range: 0..=MAX_AMOUNT,
    message: |_, value| format!("a cost of {value} is out of range; use 0 to {MAX_AMOUNT}"),
    label: "out of range",
};

/// The effort one reply puts on the customer.
pub(super) const EFFORT: Bound = Bound {
    range: 0..=MAX_EFFORT,
    message: |_, value| format!("an effort of {value} is out of range; use 0 to {MAX_EFFORT}"),
    label: "out of range",
};

/// Most characters in a currency's symbol or code.
pub(super) const MAX_CURRENCY_CHARS: usize = 12;

impl Checker {
    /// Reports an error at `path` unless `value` lies in `bound`'s range; `what` names the
    /// value for the bounds whose message needs it.
    pub(super) fn bounded(
        &mut self,
        bound: &Bound,
        path: &FieldPath,
        node: Option<&str>,
        what: &str,
        value: impl TryInto<i64>,
    ) {
        // Every value checked is an `i32`, `u8`, `u16`, `u32` or a length, so it converts; a
        // length past `i64::MAX` could not exist, and would be out of range if it did.
        let value = value.try_into().unwrap_or(i64::MAX);
        if !bound.range.contains(&value) {
            self.error(path, node, (bound.message)(what, value), bound.label);
        }
    }

    /// Each meter's change in `effect` must be within [`CHANGE`].
    pub(super) fn effect(&mut self, path: &FieldPath, node: Option<&str>, effect: &Effect) {
        for (name, value) in [
            ("satisfaction", effect.satisfaction),
            ("trust", effect.trust),
            ("patience", effect.patience),
        ] {
            self.bounded(&CHANGE, &path.field(name), node, name, value);
        }
    }

    /// A takeaway: one line on the coaching card, so short and on one line.
    pub(super) fn takeaway(
        &mut self,
        path: &FieldPath,
        node: Option<&str>,
        takeaway: Option<&str>,
    ) {
        let Some(takeaway) = takeaway else {
            return;
        };
        self.text(path, node, takeaway, "takeaway");
        let chars = takeaway.chars().count();
        if chars > MAX_TAKEAWAY_CHARS {
            self.error(
                path,
                node,
                format!(
                    "the takeaway is {chars} characters long; a takeaway is one line of at most {MAX_TAKEAWAY_CHARS}"
                ),
                "too long for one line",
            );
            self.help("keep the lesson here and the reasons in `coaching`, which the card shows on demand");
        } else if takeaway.contains('\n') {
            self.error(
                path,
                node,
                "the takeaway has a line break; a takeaway is one line",
                "line break",
            );
        }
    }

    /// A reply's example phrasings: each one line of text, at most [`MAX_EXAMPLES`].
    pub(super) fn examples(&mut self, path: &FieldPath, node: Option<&str>, examples: &[String]) {
        if examples.len() > MAX_EXAMPLES {
            self.error(
                path,
                node,
                format!(
                    "the reply has {} example phrasings; the limit is {MAX_EXAMPLES}",
                    examples.len()
                ),
                "too many",
            );
            self.help("keep the phrasings that differ most from the reply and from each other");
        }
        for (index, example) in examples.iter().enumerate() {
            self.text(&path.index(index), node, example, "example phrasing");
        }
    }

    /// A text must say something and stay within [`MAX_TEXT_CHARS`]; `what` names it.
    pub(super) fn text(&mut self, path: &FieldPath, node: Option<&str>, text: &str, what: &str) {
        if text.trim().is_empty() {
            self.error(
                path,
                node,
                format!("the {what} is empty"),
                "write something here",
            );
        } else if text.len() > MAX_TEXT_CHARS {
            // Characters never outnumber bytes, so only long texts need counting.
            let chars = text.chars().count();
            if chars > MAX_TEXT_CHARS {
                self.error(
                    path,
                    node,
                    format!("the {what} is {chars} characters long; the limit is {MAX_TEXT_CHARS}"),
                    "too long",
                );
            }
        }
    }
}
