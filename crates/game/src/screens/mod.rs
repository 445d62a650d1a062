//! One module per screen; each draws with egui in `EguiPrimaryContextPass` while its state
//! is active.

pub(crate) mod author;
mod debrief;
pub(crate) mod leaderboard;
mod picker;
mod play;
mod scene;
pub(crate) mod switcher;
mod team_match;
mod title;

use bevy::prelude::*;

/// The screens' drawing systems; overlays (the trainee switcher) draw before them and take
/// the keys they use.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenDrawing;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        title::plugin,
        picker::plugin,
        play::plugin,
        debrief::plugin,
        author::plugin,
        leaderboard::plugin,
        switcher::plugin,
        team_match::plugin,
    ));
}
