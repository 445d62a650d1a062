//! A scenario's difficulty from data rather than the author's feeling: how a player who picks
//! at random does, and how long the best path is. A scenario where random replies still score
//! well is forgiving; one where they score near nothing, with a long best path to find, is
//! hard. `rapport analyze --bots N` prints the suggestion beside the file's `difficulty`, and
//! the library test holds every shipped scenario to it (200 random runs from seed 1).

use super::bots::{Bot, BotSummary};

/// The random player's mean score (0-100) from which each difficulty starts, easiest first:
/// at or above 14 is difficulty 1, at or above 9 is 2, and so on; below 3 is 5. Under scoring
/// model 2 a random player scores low (its pitfalls and effort cost value, and a score never
/// goes below 0), so the steps were set on the library of session 5, where random means ran
/// from 2.6 to 17.8, to spread its scenarios over the five difficulties.
pub const RANDOM_MEAN_STEPS: [f64; 4] = [14.0, 9.0, 5.0, 3.0];
/// A best path at least this many decisions long is one step harder.
pub const LONG_PATH: usize = 12;
/// A best path at most this many decisions long is one step easier.
pub const SHORT_PATH: usize = 5;

/// The difficulty (1-5) the data suggest.
pub fn suggested(random_mean: f64, best_path_decisions: usize) -> u8 {
    let from_random = 1 + RANDOM_MEAN_STEPS
        .iter()
        .filter(|&&step| random_mean < step)
        .count() as i32;
    let adjustment = if best_path_decisions >= LONG_PATH {
        1
    } else if best_path_decisions <= SHORT_PATH {
        -1
    } else {
        0
    };
    (from_random + adjustment).clamp(1, 5) as u8
}

/// What the difficulty rests on, for reports.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct DifficultyEvidence {
    /// What the scenario file says.
    pub stated: u8,
    pub suggested: u8,
    pub random_mean: f64,
    pub best_path_decisions: usize,
}

impl DifficultyEvidence {
    /// From the bots' results (the random bot's) and the best path's length; `None` without
    /// a random bot run.
    pub fn of(stated: u8, bots: &[BotSummary], best_path_decisions: usize) -> Option<Self> {
        let random = bots.iter().find(|summary| summary.bot == Bot::Random)?;
        Some(DifficultyEvidence {
            stated,
            suggested: suggested(random.mean, best_path_decisions),
            random_mean: random.mean,
            best_path_decisions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lower_random_score_and_a_longer_best_path_are_harder() {
        assert_eq!(suggested(40.0, 8), 1);
        assert_eq!(suggested(14.0, 8), 1);
        assert_eq!(suggested(13.9, 8), 2);
        assert_eq!(suggested(6.0, 8), 3);
        assert_eq!(suggested(4.0, 8), 4);
        assert_eq!(suggested(2.0, 8), 5);
        assert_eq!(suggested(6.0, 12), 4, "a long best path is one step harder");
        assert_eq!(suggested(6.0, 5), 2, "a short one is one step easier");
        assert_eq!(suggested(2.0, 14), 5, "never past 5");
        assert_eq!(suggested(50.0, 3), 1, "never below 1");
    }
}
