//! The title screen: who is playing, settings, and the way into the scenario library.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use rapport_core::session::reading::ReadingSpeed;

use crate::results::Results;
use crate::screens::switcher::TraineeSwitcher;
use crate::server_link::{ServerLink, SignInRequested, SignOutRequested};
use crate::settings::{Language, Settings, Theme, TimerPace, UI_SCALES};
use crate::ui::words::Tr;
use crate::ui::{root_ui, widgets};
use crate::{CurrentTrainee, Screen};
use rapport_core::submission::Role;
use rapport_core::trainee::{Trainee, UNNAMED};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SignInForm>().add_systems(
        EguiPrimaryContextPass,
        draw_title
            .run_if(in_state(Screen::Title))
            .in_set(super::ScreenDrawing),
    );
}

/// What is typed into the sign-in form (the password is cleared once sent).
#[derive(Resource, Default)]
struct SignInForm {
    url: String,
    name: String,
    password: String,
}

/// How the game plays and looks: size, theme, motion, timers, reading time, assessment,
/// typing. Kept between runs.
fn settings_panel(ui: &mut egui::Ui, settings: &mut Settings) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(460.0);
            ui.label(egui::RichText::new(ui.t("title-settings")).strong());
            // Steps of 5 so the default (125%) is on one: a slider snaps a value between steps
            // and reports it changed, which silently rewrote the setting.
            let mut percent = (settings.ui_scale * 100.0).round();
            let size = ui.t("title-size");
            let slider = ui.add(
                egui::Slider::new(
                    &mut percent,
                    (UI_SCALES.start() * 100.0)..=(UI_SCALES.end() * 100.0),
                )
                .step_by(5.0)
                .suffix("%")
                .text(size),
            );
            if slider.changed() {
                settings.ui_scale = percent / 100.0;
            }
            ui.horizontal(|ui| {
                ui.label(ui.t("common-language"));
                let system = ui.t("title-language-system");
                ui.selectable_value(&mut settings.language, None, system);
                for language in Language::ALL {
                    ui.selectable_value(
                        &mut settings.language,
                        Some(language),
                        language.native_name(),
                    );
                }
            });
            ui.horizontal(|ui| {
                ui.label(ui.t("title-theme"));
                for theme in Theme::ALL {
                    let name = ui.t(theme.label_id());
                    ui.selectable_value(&mut settings.theme, theme, name);
                }
            });
            ui.checkbox(&mut settings.reduced_motion, ui.t("title-reduced-motion"));
            ui.checkbox(&mut settings.timers, ui.t("title-timers"));
            ui.add_enabled_ui(settings.timers, |ui| {
                ui.horizontal(|ui| {
                    ui.label(ui.t("title-time-limits-run"));
                    for pace in TimerPace::ALL {
                        let name = ui.t(pace.label_id());
                        ui.selectable_value(&mut settings.timer_pace, pace, name);
                    }
                });
            });
            let mut slower = settings.reading_speed == ReadingSpeed::Slower;
            if ui
                .checkbox(&mut slower, ui.t("title-more-reading-time"))
                .changed()
            {
                settings.reading_speed = if slower {
                    ReadingSpeed::Slower
                } else {
                    ReadingSpeed::Average
                };
            }
            ui.checkbox(&mut settings.assessment, ui.t("title-assessment"));
            ui.checkbox(&mut settings.typing, ui.t("title-typing"));
            ui.horizontal(|ui| {
                ui.checkbox(&mut settings.muted, ui.t("title-sound-mute"));
                ui.add_enabled_ui(!settings.muted, |ui| {
                    let mut percent = (settings.volume * 100.0).round();
                    let slider = ui.add(
                        egui::Slider::new(&mut percent, 0.0..=100.0)
                            .step_by(10.0)
                            .suffix("%")
                            .text(ui.t("title-sound-volume")),
                    );
                    if slider.changed() {
                        settings.volume = percent / 100.0;
                    }
                });
            });
        });
}

/// The results server's part of the title screen: signed in, or a form to sign in.
fn server_panel(
    ui: &mut egui::Ui,
    link: &ServerLink,
    form: &mut SignInForm,
    sign_in: &mut MessageWriter<SignInRequested>,
    sign_out: &mut MessageWriter<SignOutRequested>,
) -> bool {
    let mut entered = false;
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(460.0);
            ui.label(egui::RichText::new(ui.t("title-server-heading")).strong());
            if let Some(credentials) = &link.credentials {
                let role = match credentials.role {
                    Role::Admin => ui.t("title-server-role-admin"),
                    Role::Trainer => ui.t("title-server-role-trainer"),
                    Role::Trainee => ui.t("title-server-role-trainee"),
                };
                let signed_in = match credentials.cohort.as_deref() {
                    Some(cohort) => ui.t_with(
                        "title-server-signed-in-cohort",
                        &[
                            ("url", credentials.url.as_str().into()),
                            ("name", credentials.name.as_str().into()),
                            ("role", role.into()),
                            ("cohort", cohort.into()),
                        ],
                    ),
                    None => ui.t_with(
                        "title-server-signed-in",
                        &[
                            ("url", credentials.url.as_str().into()),
                            ("name", credentials.name.as_str().into()),
                            ("role", role.into()),
                        ],
                    ),
                };
                ui.label(signed_in);
                if link.waiting > 0 {
                    ui.colored_label(
                        widgets::WARN,
                        ui.t_with("title-server-waiting", &[("count", link.waiting.into())]),
                    );
                }
                if ui.button(ui.t("title-server-sign-out")).clicked() {
                    sign_out.write(SignOutRequested);
                }
                return;
            }
            ui.label(egui::RichText::new(ui.t("title-server-optional")).weak());
            ui.horizontal(|ui| {
                let server = ui.label(ui.t("title-server-url"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.url)
                        .hint_text("https://rapport.example:8443")
                        .desired_width(340.0),
                )
                .labelled_by(server.id);
            });
            ui.horizontal(|ui| {
                let account = ui.label(ui.t("title-server-account"));
                ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(130.0))
                    .labelled_by(account.id);
                let password_label = ui.label(ui.t("title-server-password"));
                let password = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.password)
                            .password(true)
                            .desired_width(130.0),
                    )
                    .labelled_by(password_label.id);
                // Enter in the password field signs in (and does not open the library).
                entered = password.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            ui.horizontal(|ui| {
                let ready = !(form.url.trim().is_empty()
                    || form.name.trim().is_empty()
                    || form.password.is_empty()
                    || link.signing_in);
                let button = egui::Button::new(ui.t("title-server-sign-in"));
                if ui.add_enabled(ready, button).clicked() || (ready && entered) {
                    sign_in.write(SignInRequested {
                        url: form.url.trim().to_owned(),
                        name: form.name.trim().to_owned(),
                        password: std::mem::take(&mut form.password),
                    });
                }
                if link.signing_in {
                    ui.weak(ui.t("title-server-signing-in"));
                }
            });
            if let Some(error) = &link.sign_in_error {
                ui.colored_label(widgets::BAD, error);
            }
        });
    entered
}

#[allow(
    clippy::too_many_arguments,
    reason = "a Bevy system: each argument is a resource or message the title screen uses"
)]
fn draw_title(
    mut contexts: EguiContexts,
    mut trainee: ResMut<CurrentTrainee>,
    mut settings: ResMut<Settings>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    results: Res<Results>,
    mut switcher: ResMut<TraineeSwitcher>,
    (link, mut form, mut sign_in, mut sign_out): (
        Res<ServerLink>,
        ResMut<SignInForm>,
        MessageWriter<SignInRequested>,
        MessageWriter<SignOutRequested>,
    ),
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "title");
    let typing = ctx.egui_wants_keyboard_input();
    let mut signing_in = false;
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(20.0);
                ui.label(egui::RichText::new("Rapport").size(48.0).strong());
                ui.label(egui::RichText::new(ui.t("title-tagline")).size(18.0));
                ui.add_space(20.0);
                if let Some(credentials) = &link.credentials {
                    let name = credentials.name.as_str();
                    let playing_as = if credentials.team.is_empty() {
                        ui.t_with("title-playing-as", &[("name", name.into())])
                    } else {
                        ui.t_with(
                            "title-playing-as-team",
                            &[
                                ("name", name.into()),
                                ("team", credentials.team.as_str().into()),
                            ],
                        )
                    };
                    ui.label(egui::RichText::new(playing_as).size(20.0));
                } else if let Some(Trainee { name, team }) = &results.last_trainee {
                    let welcome = if team.is_empty() {
                        ui.t_with("title-welcome-back", &[("name", name.into())])
                    } else {
                        ui.t_with(
                            "title-welcome-back-team",
                            &[("name", name.into()), ("team", team.into())],
                        )
                    };
                    ui.label(egui::RichText::new(welcome));
                    ui.add_space(6.0);
                }
                // Signed in, the server knows who is playing; the name is the account's.
                if !link.is_signed_in() {
                    // A fixed-width row, which the centred column centres.
                    ui.allocate_ui_with_layout(
                        egui::vec2(520.0, 28.0),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            // Each box named by its label, for a screen reader.
                            let name = ui.label(ui.t("title-your-name"));
                            ui.add(
                                egui::TextEdit::singleline(&mut trainee.name)
                                    // The name results are kept under when none is typed.
                                    .hint_text(UNNAMED)
                                    .desired_width(190.0),
                            )
                            .labelled_by(name.id);
                            ui.add_space(8.0);
                            let team = ui.label(ui.t("title-team"));
                            ui.add(
                                egui::TextEdit::singleline(&mut trainee.team)
                                    .hint_text(ui.t("title-team-hint"))
                                    .desired_width(150.0),
                            )
                            .labelled_by(team.id);
                        },
                    );
                }
                if let Some(error) = &results.problem {
                    let problem =
                        ui.t_with("leaderboard-results-not-saved", &[("error", error.into())]);
                    ui.colored_label(widgets::WARN, problem);
                }
                ui.add_space(24.0);
                let (library, enter) = (ui.t("title-library"), ui.t("title-key-enter"));
                if widgets::action_button(ui, &library, &enter).clicked() {
                    next_screen.set(Screen::Picker);
                }
                ui.add_space(5.0);
                let leaderboards = ui.t("title-leaderboards");
                if widgets::action_button(ui, &leaderboards, "F3").clicked() {
                    next_screen.set(Screen::Leaderboard);
                }
                ui.add_space(5.0);
                let team_match = ui.t("title-team-match");
                if widgets::action_button(ui, &team_match, "F5").clicked() {
                    next_screen.set(Screen::Match);
                }
                ui.add_space(5.0);
                let switch = ui.t("title-switch-trainee");
                if widgets::action_button(ui, &switch, "F4").clicked() {
                    switcher.open = true;
                    switcher.known = results.known_trainees();
                }
                ui.add_space(5.0);
                let author = ui.t("title-author-view");
                if widgets::action_button(ui, &author, "F2").clicked() {
                    next_screen.set(Screen::Author);
                }
                ui.add_space(5.0);
                let quit = ui.t("title-quit");
                if widgets::action_button(ui, &quit, "Esc").clicked() {
                    exit.write(AppExit::Success);
                }
                ui.add_space(20.0);
                // Settings and the results server side by side, so both show without scrolling.
                let panels = if link.can_sign_in() { 2.0 } else { 1.0 };
                let width = panels * 484.0 + (panels - 1.0) * 12.0;
                ui.horizontal_top(|ui| {
                    ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                    ui.vertical(|ui| settings_panel(ui, &mut settings));
                    if link.can_sign_in() {
                        ui.add_space(12.0);
                        ui.vertical(|ui| {
                            signing_in =
                                server_panel(ui, &link, &mut form, &mut sign_in, &mut sign_out);
                        });
                    }
                });
            })
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
    } else if enter && !signing_in {
        next_screen.set(Screen::Picker);
    } else if escape && !typing {
        exit.write(AppExit::Success);
    }
    Ok(())
}
