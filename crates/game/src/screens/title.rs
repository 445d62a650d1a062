//! The title screen: who is playing, settings, and the way into the scenario library.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use rapport_core::session::reading::ReadingSpeed;

use crate::results::Results;
use crate::screens::switcher::TraineeSwitcher;
use crate::settings::Settings;
use crate::ui::{root_ui, widgets};
use crate::{CurrentTrainee, Screen};
use rapport_core::trainee::Trainee;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_title
            .run_if(in_state(Screen::Title))
            .in_set(super::ScreenDrawing),
    );
}

fn draw_title(
    mut contexts: EguiContexts,
    mut trainee: ResMut<CurrentTrainee>,
    mut settings: ResMut<Settings>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    results: Res<Results>,
    mut switcher: ResMut<TraineeSwitcher>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "title");
    let typing = ctx.egui_wants_keyboard_input();
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.label(egui::RichText::new("Rapport").size(48.0).strong());
            ui.label(
                egui::RichText::new(
                    "Customer-service training: listen, own it, keep the customer.",
                )
                .size(18.0),
            );
            ui.add_space(30.0);
            if let Some(Trainee { name, team }) = &results.last_trainee {
                let team = if team.is_empty() {
                    String::new()
                } else {
                    format!(" ({team})")
                };
                ui.label(egui::RichText::new(format!(
                    "Welcome back. Press Enter to continue as {name}{team}, or type another name."
                )));
                ui.add_space(6.0);
            }
            ui.label("Your name");
            ui.add(
                egui::TextEdit::singleline(&mut trainee.name)
                    .hint_text("trainee")
                    .desired_width(260.0),
            );
            ui.add_space(6.0);
            ui.label("Team");
            ui.add(
                egui::TextEdit::singleline(&mut trainee.team)
                    .hint_text("optional")
                    .desired_width(260.0),
            );
            if let Some(problem) = &results.problem {
                ui.colored_label(widgets::WARN, problem);
            }
            ui.add_space(24.0);
            if widgets::action_button(ui, "Scenario library", "Enter").clicked() {
                next_screen.set(Screen::Picker);
            }
            ui.add_space(8.0);
            if widgets::action_button(ui, "Leaderboards", "F3").clicked() {
                next_screen.set(Screen::Leaderboard);
            }
            ui.add_space(8.0);
            if widgets::action_button(ui, "Team match", "F5").clicked() {
                next_screen.set(Screen::Match);
            }
            ui.add_space(8.0);
            if widgets::action_button(ui, "Switch trainee", "F4").clicked() {
                switcher.open = true;
                switcher.known = results.known_trainees();
            }
            ui.add_space(8.0);
            if widgets::action_button(ui, "Author view", "F2").clicked() {
                next_screen.set(Screen::Author);
            }
            ui.add_space(8.0);
            if widgets::action_button(ui, "Quit", "Esc").clicked() {
                exit.write(AppExit::Success);
            }
            ui.add_space(30.0);
            egui::Frame::group(ui.style())
                .inner_margin(egui::Margin::same(10))
                .show(ui, |ui| {
                    ui.set_width(460.0);
                    ui.label(egui::RichText::new("Settings").strong());
                    ui.add(
                        egui::Slider::new(&mut settings.text_scale, 0.8..=2.0).text("text size"),
                    );
                    ui.checkbox(
                        &mut settings.timers,
                        "Time limits count down (customers wait only so long)",
                    );
                    let mut slower = settings.reading_speed == ReadingSpeed::Slower;
                    if ui
                        .checkbox(
                            &mut slower,
                            "More reading time before a customer's wait starts",
                        )
                        .changed()
                    {
                        settings.reading_speed = if slower {
                            ReadingSpeed::Slower
                        } else {
                            ReadingSpeed::Average
                        };
                    }
                    ui.checkbox(
                        &mut settings.assessment,
                        "Assessment: no coaching while playing, all of it in the debrief",
                    );
                });
        });
    });
    let (enter, escape, author, boards, team_match) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::F2),
            i.key_pressed(egui::Key::F3),
            i.key_pressed(egui::Key::F5),
        )
    });
    if switcher.open {
        // The switcher's keys are its own.
    } else if author {
        next_screen.set(Screen::Author);
    } else if boards {
        next_screen.set(Screen::Leaderboard);
    } else if team_match {
        next_screen.set(Screen::Match);
    } else if enter {
        next_screen.set(Screen::Picker);
    } else if escape && !typing {
        exit.write(AppExit::Success);
    }
    Ok(())
}
