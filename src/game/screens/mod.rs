//! One module per screen; each draws with egui in `EguiPrimaryContextPass` while its state
//! is active.

pub mod author;
pub mod debrief;
pub mod demo;
pub mod picker;
pub mod play;
pub mod title;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        title::plugin,
        picker::plugin,
        play::plugin,
        debrief::plugin,
        author::plugin,
    ));
}
