//! egui on top of the game: the plugin, the camera it draws with, and the shared look.

pub(crate) mod theme;
pub(crate) mod widgets;
pub(crate) mod words;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiInput, EguiPlugin, EguiPreUpdateSet, egui};

use crate::settings::{Locale, Settings};

/// Adds egui, the camera it draws with and the shared look; the screens add their own drawing.
pub(super) fn plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default())
        // One camera for the whole run: egui attaches to the first camera it sees. egui
        // smooths its own edges, so multisampling only multiplies the pixels to fill: off, it
        // halves the frame time where the window is drawn in software (docs/performance.md).
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn((Camera2d, Msaa::Off));
        })
        .add_systems(
            PreUpdate,
            drop_unchanged_modifier_events
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(bevy_egui::EguiPrimaryContextPass, apply_settings_to_style);
}

/// bevy_egui 0.42 sends egui a `ModifiersChanged` event on every frame, even when no key
/// changed; egui treats any event as a reason to repaint at once, so an idle window would
/// redraw forever (measured: 90 % of a core under Xvfb). Only real changes are passed on.
fn drop_unchanged_modifier_events(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(modifiers) => {
                let changed = *last != Some(*modifiers);
                *last = Some(*modifiers);
                changed
            }
            _ => true,
        });
    }
}

/// The size of everything, the theme and the language follow the trainee's settings; set
/// again only when they change.
fn apply_settings_to_style(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    locale: Res<Locale>,
    mut applied: Local<Option<(f32, theme::Theme, words::Language)>>,
) -> Result {
    let wanted = (settings.ui_scale, settings.theme, locale.language());
    if *applied == Some(wanted) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.set_zoom_factor(settings.ui_scale);
    theme::apply(ctx, settings.theme);
    words::apply(ctx, locale.0.clone());
    *applied = Some(wanted);
    Ok(())
}

/// A root `Ui` covering the window, for the panels of one screen.
pub fn root_ui(ctx: &egui::Context, name: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        name.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}
