//! Switching trainee in two keystrokes: F4 lists who has played here, numbered, and a digit
//! makes that trainee the one playing. Available on every screen but a conversation, and
//! drawn over it, so the screen below never sees the keys.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::results::{Results, SwitchTrainee};
use crate::ui::words::Tr;
use crate::{CurrentTrainee, Screen};
use rapport_core::trainee::Trainee;

/// How many trainees the switcher numbers (keys 1-9).
const SHOWN: usize = 9;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TraineeSwitcher>().add_systems(
        EguiPrimaryContextPass,
        draw_switcher
            .run_if(not(in_state(Screen::Play)))
            .before(super::ScreenDrawing),
    );
}

/// Whether the switcher is open, and the trainees it offers.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct TraineeSwitcher {
    pub open: bool,
    pub known: Vec<Trainee>,
}

const DIGITS: [egui::Key; SHOWN] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

fn draw_switcher(
    mut contexts: EguiContexts,
    mut switcher: ResMut<TraineeSwitcher>,
    mut switches: MessageWriter<SwitchTrainee>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut trainee: ResMut<CurrentTrainee>,
    results: Res<Results>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let consume = |key| ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    if consume(egui::Key::F4) {
        switcher.open = !switcher.open;
        if switcher.open {
            switcher.known = results.known_trainees();
        }
    }
    if !switcher.open {
        return Ok(());
    }
    if consume(egui::Key::Escape) {
        switcher.open = false;
        return Ok(());
    }
    if consume(egui::Key::N) {
        // Someone new types their name on the title screen.
        trainee.name.clear();
        trainee.team.clear();
        switcher.open = false;
        next_screen.set(Screen::Title);
        return Ok(());
    }
    let mut picked = DIGITS
        .iter()
        .take(switcher.known.len())
        .position(|key| consume(*key));
    // A fixed id: the title changes with the language.
    egui::Window::new(ctx.t("title-switch-trainee"))
        .id(egui::Id::new("trainee-switcher"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.set_min_width(320.0);
            if switcher.known.is_empty() {
                ui.label(ui.t("title-switch-nobody"));
            }
            for (index, Trainee { name, team }) in switcher.known.iter().take(SHOWN).enumerate() {
                let team = if team.is_empty() {
                    String::new()
                } else {
                    format!(" ({team})")
                };
                let current = *name == trainee.name;
                let now = if current {
                    format!("  - {}", ui.t("title-switch-playing-now"))
                } else {
                    String::new()
                };
                let text = format!("[{}]  {name}{team}{now}", index + 1);
                if ui
                    .selectable_label(current, egui::RichText::new(text).size(16.0))
                    .clicked()
                {
                    picked = Some(index);
                }
            }
            ui.separator();
            ui.label(format!(
                "[N]  {}    [Esc]  {}",
                ui.t("title-switch-someone-new"),
                ui.t("title-switch-close")
            ));
        });
    if let Some(index) = picked
        && let Some(known) = switcher.known.get(index).cloned()
    {
        switches.write(SwitchTrainee(known));
        switcher.open = false;
    }
    Ok(())
}
