//! The trainee's preferences: text size, whether timers run and how much reading time they
//! allow. Read by the play loop (timers) and the look (text size); changed on the title screen.

use bevy::prelude::*;
use rapport_core::session::reading::ReadingSpeed;

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
    /// How much reading time a time limit allows before it counts down.
    pub reading_speed: ReadingSpeed,
    /// Assessment mode: no coaching cards while playing; every card waits for the debrief.
    pub assessment: bool,
    /// Sessions start with a text box for the trainee's own words instead of the list of
    /// replies (Tab switches during play).
    pub typing: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_scale: 1.25,
            timers: true,
            reading_speed: ReadingSpeed::Average,
            assessment: false,
            typing: false,
        }
    }
}
