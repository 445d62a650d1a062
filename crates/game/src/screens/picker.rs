//! The scenario library: a card per scenario, filters, and a file's errors in place of its
//! play button when it has any.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::library::{Library, LibraryEntry};
use crate::play::PlayerAction;
use crate::results::Results;
use crate::ui::words::Tr;
use crate::ui::{root_ui, widgets};
use rapport_core::scenario::Skill;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PickerFilter>().add_systems(
        EguiPrimaryContextPass,
        draw_picker
            .run_if(in_state(Screen::Picker))
            .in_set(super::ScreenDrawing),
    );
}

/// What the library is filtered by.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct PickerFilter {
    pub skill: Option<Skill>,
    pub difficulty: Option<u8>,
}

impl PickerFilter {
    /// Whether `entry` passes the filter. Files named `_*` (the template) are for authors
    /// and never listed; broken files always show, so their errors are seen.
    pub fn admits(&self, entry: &LibraryEntry) -> bool {
        let file_name = entry.file.rsplit('/').next().unwrap_or(&entry.file);
        if file_name.starts_with('_') {
            return false;
        }
        let Some(scenario) = &entry.scenario else {
            return true;
        };
        self.skill
            .is_none_or(|skill| scenario.meta.skills.contains(&skill))
            && self
                .difficulty
                .is_none_or(|difficulty| scenario.meta.difficulty == difficulty)
    }
}

fn draw_picker(
    mut contexts: EguiContexts,
    library: Res<Library>,
    mut filter: ResMut<PickerFilter>,
    mut actions: MessageWriter<PlayerAction>,
    mut next_screen: ResMut<NextState<Screen>>,
    results: Res<Results>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "picker");
    egui::Panel::top("picker-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(ui.t("picker-menu")).clicked() {
                next_screen.set(Screen::Title);
            }
            ui.heading(ui.t("picker-heading"));
            if ui.button(ui.t("picker-leaderboards")).clicked() {
                next_screen.set(Screen::Leaderboard);
            }
            ui.label(egui::RichText::new(ui.t("picker-switch-trainee")).weak());
            ui.separator();
            // Each label before its drop-down, as it is read.
            ui.label(ui.t("picker-skill"));
            let any_skill = ui.t("picker-any-skill");
            let skill_names: Vec<(Skill, String)> = Skill::ALL
                .into_iter()
                .map(|skill| (skill, ui.core("skill", skill.label())))
                .collect();
            let chosen_skill = filter.skill.map_or_else(
                || any_skill.clone(),
                |skill| ui.core("skill", skill.label()),
            );
            egui::ComboBox::from_id_salt("skill-filter")
                .selected_text(chosen_skill)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.skill, None, any_skill);
                    for (skill, name) in skill_names {
                        ui.selectable_value(&mut filter.skill, Some(skill), name);
                    }
                });
            ui.label(ui.t("picker-difficulty"));
            let any = ui.t("picker-any");
            egui::ComboBox::from_id_salt("difficulty-filter")
                .selected_text(
                    filter
                        .difficulty
                        .map_or_else(|| any.clone(), |d| d.to_string()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.difficulty, None, any);
                    for difficulty in 1..=5 {
                        ui.selectable_value(
                            &mut filter.difficulty,
                            Some(difficulty),
                            difficulty.to_string(),
                        );
                    }
                });
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if library.entries.is_empty() {
            ui.label(ui.t("picker-loading"));
            return;
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            // The tutorial first, where a new trainee looks; then the library by file name.
            let mut shown: Vec<&LibraryEntry> = library
                .entries
                .iter()
                .filter(|entry| filter.admits(entry))
                .collect();
            shown.sort_by_key(|entry| {
                entry
                    .scenario
                    .as_ref()
                    .is_none_or(|scenario| scenario.meta.scored)
            });
            for (index, entry) in shown.into_iter().enumerate() {
                scenario_card(ui, index, entry, &results, &mut actions);
                ui.add_space(8.0);
            }
        });
    });
    let (escape, boards) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::F3),
        )
    });
    if escape {
        next_screen.set(Screen::Title);
    } else if boards {
        next_screen.set(Screen::Leaderboard);
    }
    Ok(())
}

fn scenario_card(
    ui: &mut egui::Ui,
    index: usize,
    entry: &LibraryEntry,
    results: &Results,
    actions: &mut MessageWriter<PlayerAction>,
) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // Titles and summaries in the trainee's language, where the scenario has it.
            let language = crate::ui::words::current(ui.ctx()).language().tag();
            match &entry.scenario_in(language) {
                Some(scenario) => {
                    let meta = &scenario.meta;
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(&meta.title).size(20.0).strong());
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let play = ui.add_enabled(
                                !entry.broken || entry.scenario.is_some(),
                                egui::Button::new(
                                    egui::RichText::new(ui.t("picker-play")).size(16.0),
                                )
                                .min_size([90.0, 30.0].into()),
                            );
                            if play.clicked() {
                                actions.write(PlayerAction::practice(
                                    entry.file.clone(),
                                    rand::random(),
                                ));
                            }
                        });
                    });
                    ui.label(&meta.summary);
                    let skills: Vec<String> = meta
                        .skills
                        .iter()
                        .map(|s| ui.core("skill", s.label()))
                        .collect();
                    let about = ui.t_with(
                        "picker-card-details",
                        &[
                            ("channel", ui.core("channel", meta.channel.label()).into()),
                            ("difficulty", meta.difficulty.into()),
                            ("minutes", meta.estimated_minutes.into()),
                            ("skills", skills.join(", ").into()),
                        ],
                    );
                    ui.label(egui::RichText::new(about).weak());
                    // Scenarios are written in English; say so where no translation exists.
                    if language != "en" && !entry.translated.contains_key(language) {
                        ui.label(egui::RichText::new(ui.t("picker-not-translated")).weak());
                    }
                    match results.best.get(&meta.id) {
                        _ if !meta.scored => {
                            ui.label(egui::RichText::new(ui.t("picker-tutorial")).weak())
                        }
                        Some(best) => ui.label(
                            egui::RichText::new(
                                ui.t_with("picker-best", &[("score", (*best).into())]),
                            )
                            .strong(),
                        ),
                        None => ui.label(egui::RichText::new(ui.t("picker-not-played")).weak()),
                    };
                    if entry.broken {
                        ui.colored_label(widgets::WARN, ui.t("picker-stale"));
                        errors(ui, index, entry);
                    }
                }
                None => {
                    ui.label(egui::RichText::new(&entry.file).size(20.0).strong());
                    match (&entry.duplicate_of, &entry.loaded) {
                        (Some(first), Some(loaded)) => {
                            ui.colored_label(
                                widgets::BAD,
                                ui.t_with(
                                    "picker-duplicate-id",
                                    &[
                                        ("id", loaded.meta.id.as_str().into()),
                                        ("first", first.into()),
                                    ],
                                ),
                            );
                        }
                        _ => {
                            ui.colored_label(widgets::BAD, ui.t("picker-broken"));
                            errors(ui, index, entry);
                        }
                    }
                }
            }
        });
}

fn errors(ui: &mut egui::Ui, index: usize, entry: &LibraryEntry) {
    egui::CollapsingHeader::new(ui.t("picker-problems"))
        .id_salt(("problems", index))
        .default_open(true)
        .show(ui, |ui| {
            ui.label(egui::RichText::new(&entry.rendered).monospace().size(12.0));
        });
}
