//! The trainee's preferences: text size and whether timers run. Read by the play loop (timers)
//! and the look (text size); changed on the title screen.

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>();
}

/// Trainee preferences.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Settings {
    /// Multiplies every text size.
    pub text_scale: f32,
    /// Whether time limits count down (off: silence is never chosen for you).
    pub timers: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_scale: 1.25,
            timers: true,
        }
    }
}
