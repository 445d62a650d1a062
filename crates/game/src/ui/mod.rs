//! egui on top of the game: the plugin, the camera it draws with, and the shared look.

pub(crate) mod portraits;
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
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            (use_bundled_font, apply_settings_to_style),
        );
}

/// Atkinson Hyperlegible (assets/fonts, SIL OFL), drawn for low-vision readers: letters that
/// are easy to confuse (I l 1, O 0, b d p q) are told apart. Compiled in, so text looks the same
/// wherever the game is started from; egui's own fonts stay behind it for symbols it lacks.
const BUNDLED_FONTS: [(&str, &[u8]); 2] = [
    (
        "atkinson-latin",
        include_bytes!("../../../../assets/fonts/AtkinsonHyperlegible-Regular-latin.ttf"),
    ),
    (
        "atkinson-latin-ext",
        include_bytes!("../../../../assets/fonts/AtkinsonHyperlegible-Regular-latin-ext.ttf"),
    ),
];

/// The font definitions: the bundled font first for proportional text, egui's defaults after.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    for (index, (name, bytes)) in BUNDLED_FONTS.iter().enumerate() {
        fonts.font_data.insert(
            (*name).to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
            family.insert(index, (*name).to_owned());
        }
    }
    fonts
}

/// Installs the bundled font once, on the first frame the context exists.
fn use_bundled_font(mut contexts: EguiContexts, mut installed: Local<bool>) -> Result {
    if *installed {
        return Ok(());
    }
    contexts.ctx_mut()?.set_fonts(font_definitions());
    *installed = true;
    Ok(())
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
