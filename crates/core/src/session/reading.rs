//! When a time limit starts counting: after the trainee has had time to read what is on the
//! screen. A limit that starts the moment the replies appear measures reading speed, and
//! penalises slower and non-native readers for something that is not the skill; the authored
//! `seconds` are the dead air a customer tolerates once the trainee could have answered.
//!
//! The allowance is the words of the customer's line and of every reply on offer at a
//! reading speed: adults read English non-fiction silently at about 238 words a minute on
//! average (Brysbaert 2019, a meta-analysis of 190 studies), and more slowly on screen and in
//! a second language, so the default is a little below that and a slower speed is a setting.

use super::{Prompt, Session};

/// Words a minute an average reader gets through on screen.
pub const AVERAGE_WORDS_PER_MINUTE: u32 = 200;
/// Words a minute for a slower reader (the setting for trainees who want more time, reading
/// in a second language for instance).
pub const SLOWER_WORDS_PER_MINUTE: u32 = 120;

/// How fast the trainee reads, as chosen in the settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReadingSpeed {
    #[default]
    Average,
    Slower,
}

impl ReadingSpeed {
    pub fn words_per_minute(self) -> u32 {
        match self {
            ReadingSpeed::Average => AVERAGE_WORDS_PER_MINUTE,
            ReadingSpeed::Slower => SLOWER_WORDS_PER_MINUTE,
        }
    }
}

/// Seconds to read `words` at `words_per_minute` (at least 1 word a minute).
pub fn reading_seconds(words: usize, words_per_minute: u32) -> f32 {
    words as f32 * 60.0 / words_per_minute.max(1) as f32
}

/// Words in `text`, counted by whitespace.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

impl Session {
    /// Words on screen at the current prompt: the customer's line (with any reaction before
    /// it) and every reply offered. 0 when the conversation is over.
    pub fn words_to_read(&self) -> usize {
        let Some(prompt) = self.prompt() else {
            return 0;
        };
        word_count(&prompt.customer_line())
            + prompt
                .options
                .iter()
                .filter_map(|choice| self.choice_text(*choice))
                .map(word_count)
                .sum::<usize>()
    }

    /// When silence is taken for the trainee at the current prompt, in seconds after the
    /// replies appear: the reading allowance, then the node's own `seconds`. `None` when the
    /// node has no time limit.
    pub fn silence_after(&self, speed: ReadingSpeed) -> Option<SilenceClock> {
        let prompt: &Prompt = self.prompt()?;
        let limit = prompt.time_limit?;
        Some(SilenceClock {
            reading: reading_seconds(self.words_to_read(), speed.words_per_minute()),
            waiting: limit as f32,
        })
    }
}

/// The two parts of a time limit, in seconds from when the replies appear.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SilenceClock {
    /// Time to read what is on screen; nothing counts down yet.
    pub reading: f32,
    /// The authored dead air the customer tolerates after that.
    pub waiting: f32,
}

impl SilenceClock {
    /// The same clock with both parts `factor` times as long (a trainee who needs longer).
    pub fn scaled(self, factor: f32) -> Self {
        let factor = if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        };
        SilenceClock {
            reading: self.reading * factor,
            waiting: self.waiting * factor,
        }
    }

    /// Whether silence is taken after `waited` seconds.
    pub fn runs_out(&self, waited: f32) -> bool {
        waited >= self.reading + self.waiting
    }

    /// Seconds of reading time left, then of the customer's wait left, after `waited`.
    pub fn left(&self, waited: f32) -> (f32, f32) {
        let reading = (self.reading - waited).max(0.0);
        let waiting = (self.reading + self.waiting - waited).clamp(0.0, self.waiting);
        (reading, waiting)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_grows_with_the_words_and_a_slower_reader_gets_more() {
        assert_eq!(reading_seconds(200, AVERAGE_WORDS_PER_MINUTE), 60.0);
        assert_eq!(reading_seconds(0, AVERAGE_WORDS_PER_MINUTE), 0.0);
        assert!(
            reading_seconds(100, ReadingSpeed::Slower.words_per_minute())
                > reading_seconds(100, ReadingSpeed::Average.words_per_minute())
        );
        assert_eq!(word_count("  I hear you.\nLet me  check. "), 6);
    }

    #[test]
    fn the_customer_waits_only_after_the_reading_time() {
        let clock = SilenceClock {
            reading: 20.0,
            waiting: 8.0,
        };
        assert_eq!(clock.left(5.0), (15.0, 8.0));
        assert_eq!(clock.left(24.0), (0.0, 4.0));
        assert!(!clock.runs_out(27.9));
        assert!(clock.runs_out(28.0));
    }
}
