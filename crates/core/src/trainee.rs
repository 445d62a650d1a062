//! Who is playing: one shape for a trainee everywhere (the game's keyboard, a match's players,
//! the store's rows, the command line).

use serde::{Deserialize, Serialize};

/// The name results are kept under when a trainee gave none.
pub const UNNAMED: &str = "trainee";

/// A trainee and their team (empty when they play for no team).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Trainee {
    pub name: String,
    pub team: String,
}

impl Trainee {
    /// A trainee of `team` called `name`.
    pub fn new(name: impl Into<String>, team: impl Into<String>) -> Self {
        Trainee {
            name: name.into(),
            team: team.into(),
        }
    }

    /// The name results are stored under: what the trainee typed, trimmed, or [`UNNAMED`].
    pub fn stored_name(&self) -> String {
        let name = self.name.trim();
        if name.is_empty() {
            UNNAMED.to_owned()
        } else {
            name.to_owned()
        }
    }

    /// The trainee as results are kept: [`Trainee::stored_name`] and the team trimmed.
    pub fn stored(&self) -> Self {
        Trainee::new(self.stored_name(), self.team.trim())
    }

    /// The same trainee with name and team trimmed, as they are kept.
    pub fn trimmed(&self) -> Self {
        Trainee::new(self.name.trim(), self.team.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_trainee_is_stored_as_trainee() {
        assert_eq!(Trainee::new("  ", "Blue").stored_name(), UNNAMED);
        assert_eq!(Trainee::new(" Dana ", "Blue").stored_name(), "Dana");
        assert_eq!(
            Trainee::new(" ", " Blue ").stored(),
            Trainee::new(UNNAMED, "Blue")
        );
    }
}
