//! Leaderboards: per scenario (best and average score, sessions, best CSAT, and who leads it),
//! per team (average of the members' bests), and the trainee's own history with a progress
//! line for each skill. Boards of sessions played by typing rank apart. Keys: 1-3 pick the
//! tab, T switches chosen/typed boards, Up/Down the scenario, Esc goes back.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::library::Library;
use crate::results::{Boards, Results};
use crate::ui::words::Tr;
use crate::ui::{root_ui, widgets};
use crate::{CurrentTrainee, Screen};
use rapport_core::calendar::utc_minutes;
use rapport_core::scenario::Skill;
use rapport_store::Played;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LeaderboardView>().add_systems(
        EguiPrimaryContextPass,
        draw_leaderboard
            .run_if(in_state(Screen::Leaderboard))
            .in_set(super::ScreenDrawing),
    );
}

/// Which board is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Board {
    #[default]
    Scenarios,
    Teams,
    Progress,
}

/// The screen's own state: the tab and the scenario picked on the scenario board.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct LeaderboardView {
    pub board: Board,
    pub scenario: usize,
}

/// The scenario's title where the library has it, else its id.
fn title<'a>(library: &'a Library, id: &'a str) -> &'a str {
    library
        .entries
        .iter()
        .filter_map(|entry| entry.scenario.as_ref())
        .find(|scenario| scenario.meta.id == id)
        .map_or(id, |scenario| scenario.meta.title.as_str())
}

fn draw_leaderboard(
    mut contexts: EguiContexts,
    mut view: ResMut<LeaderboardView>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut results: ResMut<Results>,
    library: Res<Library>,
    trainee: Res<CurrentTrainee>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let (escape, one, two, three, up, down, switch_played) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::Num1),
            i.key_pressed(egui::Key::Num2),
            i.key_pressed(egui::Key::Num3),
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::T),
        )
    });
    let mut played = results.boards.played;
    if escape {
        next_screen.set(Screen::Title);
    }
    for (pressed, board) in [
        (one, Board::Scenarios),
        (two, Board::Teams),
        (three, Board::Progress),
    ] {
        if pressed {
            view.board = board;
        }
    }
    if switch_played {
        played = match played {
            Played::Chosen => Played::Typed,
            Played::Typed => Played::Chosen,
        };
        results.load_boards(trainee.stored_name(), played);
    }
    let mut clicked = None;
    let boards = &results.boards;
    let last = boards.scenarios.len().saturating_sub(1);
    if up {
        view.scenario = view.scenario.saturating_sub(1);
    }
    if down {
        view.scenario = (view.scenario + 1).min(last);
    }
    view.scenario = view.scenario.min(last);

    let mut root = root_ui(ctx, "leaderboard");
    egui::Panel::top("leaderboard-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(ui.t("leaderboard-menu")).clicked() {
                next_screen.set(Screen::Title);
            }
            ui.heading(ui.t("leaderboard-heading"));
            // Whoever can write the store can write these boards: they prove nothing beyond it.
            // A results server's boards are on the debrief and `rapport board`.
            let source = if results.shared {
                ui.t("leaderboard-source-shared")
            } else {
                ui.t("leaderboard-source-local")
            };
            ui.label(egui::RichText::new(source).italics().weak());
            ui.separator();
            for (board, label) in [
                (Board::Scenarios, ui.t("leaderboard-tab-scenarios")),
                (Board::Teams, ui.t("leaderboard-tab-teams")),
                (Board::Progress, ui.t("leaderboard-tab-progress")),
            ] {
                ui.selectable_value(&mut view.board, board, label);
            }
            ui.separator();
            // Typed sessions are harder (recall, not recognition), so they rank apart.
            for option in [Played::Chosen, Played::Typed] {
                let label = match option {
                    Played::Chosen => ui.t("leaderboard-played-chosen"),
                    Played::Typed => ui.t("leaderboard-played-typed"),
                };
                if ui.selectable_label(played == option, label).clicked() {
                    clicked = Some(option);
                }
            }
            ui.label(egui::RichText::new("[T]").weak());
            ui.separator();
            ui.label(egui::RichText::new(ui.t("leaderboard-switch-trainee")).weak());
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if !results.is_saving() {
            let problem = match &results.problem {
                Some(error) => {
                    ui.t_with("leaderboard-results-not-saved", &[("error", error.into())])
                }
                None => ui.t("leaderboard-not-saving"),
            };
            ui.colored_label(widgets::WARN, problem);
            return;
        }
        egui::ScrollArea::vertical().show(ui, |ui| match view.board {
            Board::Scenarios => scenario_board(ui, boards, &library, &mut view.scenario),
            Board::Teams => team_board(ui, boards),
            Board::Progress => progress_board(ui, boards, &library),
        });
    });
    if let Some(played) = clicked.filter(|option| *option != played) {
        results.load_boards(trainee.stored_name(), played);
    }
    Ok(())
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).size(18.0).strong());
}

fn scenario_board(ui: &mut egui::Ui, boards: &Boards, library: &Library, selected: &mut usize) {
    if boards.scenarios.is_empty() {
        ui.label(ui.t("leaderboard-no-sessions-play"));
        return;
    }
    ui.columns(2, |columns| {
        let scenarios = columns[0].t("leaderboard-scenarios-heading");
        heading(&mut columns[0], &scenarios);
        egui::Grid::new("scenario-board")
            .striped(true)
            .num_columns(5)
            .spacing([14.0, 6.0])
            .show(&mut columns[0], |ui| {
                for header in [
                    ui.t("leaderboard-col-scenario"),
                    ui.t("leaderboard-col-best"),
                    ui.t("leaderboard-col-average"),
                    ui.t("leaderboard-col-sessions"),
                    ui.t("leaderboard-col-best-csat"),
                ] {
                    ui.label(egui::RichText::new(header).weak());
                }
                ui.end_row();
                for (index, row) in boards.scenarios.iter().enumerate() {
                    if ui
                        .selectable_label(*selected == index, title(library, &row.name))
                        .clicked()
                    {
                        *selected = index;
                    }
                    ui.label(row.best.to_string());
                    ui.label(format!("{:.1}", row.average));
                    ui.label(row.sessions.to_string());
                    ui.label(format!("{} / 5", row.best_csat));
                    ui.end_row();
                }
            });
        let Some(scenario) = boards.scenarios.get(*selected) else {
            return;
        };
        let leaders = columns[1].t_with(
            "leaderboard-leaders",
            &[("scenario", title(library, &scenario.name).into())],
        );
        heading(&mut columns[1], &leaders);
        let trainees = boards
            .trainees_by_scenario
            .get(&scenario.name)
            .map_or(&[][..], Vec::as_slice);
        trainee_table(&mut columns[1], "scenario-leaders", trainees);
    });
}

fn trainee_table(ui: &mut egui::Ui, id: &str, trainees: &[rapport_store::Standing]) {
    egui::Grid::new(id)
        .striped(true)
        .num_columns(6)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for header in [
                ui.t("leaderboard-col-rank"),
                ui.t("leaderboard-col-trainee"),
                ui.t("leaderboard-col-team"),
                ui.t("leaderboard-col-best"),
                ui.t("leaderboard-col-average"),
                ui.t("leaderboard-col-sessions"),
            ] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for (rank, row) in trainees.iter().enumerate() {
                ui.label(format!("{}", rank + 1));
                ui.label(egui::RichText::new(&row.name).strong());
                ui.label(&row.team);
                ui.label(row.best.to_string());
                ui.label(format!("{:.1}", row.average));
                ui.label(row.sessions.to_string());
                ui.end_row();
            }
        });
}

fn team_board(ui: &mut egui::Ui, boards: &Boards) {
    if boards.teams.is_empty() {
        ui.label(ui.t("leaderboard-no-sessions"));
        return;
    }
    let teams = ui.t("leaderboard-teams-heading");
    heading(ui, &teams);
    egui::Grid::new("team-board")
        .striped(true)
        .num_columns(5)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for header in [
                ui.t("leaderboard-col-rank"),
                ui.t("leaderboard-col-team"),
                ui.t("leaderboard-col-average-of-bests"),
                ui.t("leaderboard-col-members"),
                ui.t("leaderboard-col-sessions"),
            ] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for (rank, row) in boards.teams.iter().enumerate() {
                ui.label(format!("{}", rank + 1));
                let team = if row.team.is_empty() {
                    ui.t("leaderboard-no-team")
                } else {
                    row.team.clone()
                };
                ui.label(egui::RichText::new(team).strong());
                ui.label(format!("{:.1}", row.average_of_bests));
                ui.label(row.members.to_string());
                ui.label(row.sessions.to_string());
                ui.end_row();
            }
        });
    ui.add_space(16.0);
    let trainees = ui.t("leaderboard-trainees-heading");
    heading(ui, &trainees);
    trainee_table(ui, "trainee-board", &boards.trainees);
}

fn progress_board(ui: &mut egui::Ui, boards: &Boards, library: &Library) {
    let progress = ui.t_with(
        "leaderboard-progress-heading",
        &[("trainee", (&boards.trainee).into())],
    );
    heading(ui, &progress);
    if boards.history.is_empty() {
        ui.label(ui.t("leaderboard-no-history"));
        return;
    }
    ui.label(egui::RichText::new(ui.t("leaderboard-progress-explained")).weak());
    ui.add_space(6.0);
    egui::Grid::new("skill-progress")
        .num_columns(3)
        .spacing([14.0, 10.0])
        .show(ui, |ui| {
            for skill in Skill::ALL {
                let values: Vec<f32> = boards
                    .history
                    .iter()
                    .filter_map(|row| {
                        row.skills
                            .iter()
                            .find(|scored| scored.skill == skill)
                            .map(|scored| f32::from(scored.score))
                    })
                    .collect();
                ui.label(egui::RichText::new(ui.core("skill", skill.label())).strong());
                match (values.first(), values.last()) {
                    (Some(first), Some(latest)) => {
                        let (latest, first) = (format!("{latest:.0}"), format!("{first:.0}"));
                        ui.label(ui.t_with(
                            "leaderboard-skill-latest",
                            &[
                                ("latest", latest.into()),
                                ("first", first.into()),
                                ("count", values.len().into()),
                            ],
                        ));
                        widgets::sparkline(ui, &values, widgets::GOOD);
                    }
                    _ => {
                        ui.label(egui::RichText::new(ui.t("leaderboard-not-trained-yet")).weak());
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    ui.add_space(16.0);
    let sessions = ui.t("leaderboard-sessions-heading");
    heading(ui, &sessions);
    egui::Grid::new("history")
        .striped(true)
        .num_columns(5)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for header in [
                ui.t("leaderboard-col-started"),
                ui.t("leaderboard-col-scenario"),
                ui.t("leaderboard-col-status"),
                ui.t("leaderboard-col-score"),
                ui.t("leaderboard-col-csat"),
            ] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for row in boards.history.iter().rev() {
                let number =
                    |value: Option<u8>| value.map_or_else(|| "-".to_owned(), |v| v.to_string());
                ui.label(utc_minutes(row.started_at));
                ui.label(title(library, &row.scenario_id));
                // The store's words for a session's status, in the trainee's language.
                let status = match row.status.as_str() {
                    "finished" => ui.t("leaderboard-status-finished"),
                    "abandoned" => ui.t("leaderboard-status-abandoned"),
                    other => other.to_owned(),
                };
                ui.label(status);
                ui.label(number(row.score));
                ui.label(number(row.csat));
                ui.end_row();
            }
        });
}
