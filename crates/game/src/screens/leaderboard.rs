//! Leaderboards: per scenario (best and average score, sessions, best CSAT, and who leads it),
//! per team (average of the members' bests), and the trainee's own history with a progress
//! line for each skill. Boards of sessions played by typing rank apart. Keys: 1-3 pick the
//! tab, T switches chosen/typed boards, Up/Down the scenario, Esc goes back.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::library::Library;
use crate::results::{Boards, Results};
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
            if ui.button("< Menu [Esc]").clicked() {
                next_screen.set(Screen::Title);
            }
            ui.heading("Leaderboards");
            // Whoever can write the store can write these boards: they prove nothing beyond it.
            // A results server's boards are on the debrief and `rapport board`.
            let source = if results.shared {
                "shared database, self-reported"
            } else {
                "this machine, self-reported"
            };
            ui.label(egui::RichText::new(source).italics().weak());
            ui.separator();
            for (board, label) in [
                (Board::Scenarios, "Scenarios [1]"),
                (Board::Teams, "Teams [2]"),
                (Board::Progress, "My progress [3]"),
            ] {
                ui.selectable_value(&mut view.board, board, label);
            }
            ui.separator();
            // Typed sessions are harder (recall, not recognition), so they rank apart.
            for option in [Played::Chosen, Played::Typed] {
                if ui
                    .selectable_label(played == option, option.label())
                    .clicked()
                {
                    clicked = Some(option);
                }
            }
            ui.label(egui::RichText::new("[T]").weak());
            ui.separator();
            ui.label(egui::RichText::new("Switch trainee: F4").weak());
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if !results.is_saving() {
            ui.colored_label(
                widgets::WARN,
                results
                    .problem
                    .as_deref()
                    .unwrap_or("Results are not being saved, so there is nothing to rank."),
            );
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
        ui.label("No finished sessions yet: play a scenario and it will be ranked here.");
        return;
    }
    ui.columns(2, |columns| {
        heading(&mut columns[0], "Scenarios (Up/Down to choose)");
        egui::Grid::new("scenario-board")
            .striped(true)
            .num_columns(5)
            .spacing([14.0, 6.0])
            .show(&mut columns[0], |ui| {
                for header in ["scenario", "best", "average", "sessions", "best CSAT"] {
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
        heading(
            &mut columns[1],
            &format!("Leaders: {}", title(library, &scenario.name)),
        );
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
            for header in ["rank", "trainee", "team", "best", "average", "sessions"] {
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
        ui.label("No finished sessions yet.");
        return;
    }
    heading(
        ui,
        "Teams: the average of each member's best score per scenario",
    );
    egui::Grid::new("team-board")
        .striped(true)
        .num_columns(5)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for header in ["rank", "team", "average of bests", "members", "sessions"] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for (rank, row) in boards.teams.iter().enumerate() {
                ui.label(format!("{}", rank + 1));
                ui.label(
                    egui::RichText::new(if row.team.is_empty() {
                        "(no team)"
                    } else {
                        row.team.as_str()
                    })
                    .strong(),
                );
                ui.label(format!("{:.1}", row.average_of_bests));
                ui.label(row.members.to_string());
                ui.label(row.sessions.to_string());
                ui.end_row();
            }
        });
    ui.add_space(16.0);
    heading(ui, "Trainees across every scenario");
    trainee_table(ui, "trainee-board", &boards.trainees);
}

fn progress_board(ui: &mut egui::Ui, boards: &Boards, library: &Library) {
    heading(ui, &format!("Progress of {}", boards.trainee));
    if boards.history.is_empty() {
        ui.label("No sessions yet: your history and skill progress appear here after you play.");
        return;
    }
    ui.label(
        egui::RichText::new(
            "Each skill's score (0-100, against the best path) in the finished sessions that trained it, oldest to newest.",
        )
        .weak(),
    );
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
                ui.label(egui::RichText::new(skill.label()).strong());
                match (values.first(), values.last()) {
                    (Some(first), Some(latest)) => {
                        ui.label(format!(
                            "latest {latest:.0} (first {first:.0}, {} session{})",
                            values.len(),
                            if values.len() == 1 { "" } else { "s" }
                        ));
                        widgets::sparkline(ui, &values, widgets::GOOD);
                    }
                    _ => {
                        ui.label(egui::RichText::new("not trained yet").weak());
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    ui.add_space(16.0);
    heading(ui, "Sessions");
    egui::Grid::new("history")
        .striped(true)
        .num_columns(5)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for header in ["started (UTC)", "scenario", "status", "score", "CSAT"] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for row in boards.history.iter().rev() {
                let number =
                    |value: Option<u8>| value.map_or_else(|| "-".to_owned(), |v| v.to_string());
                ui.label(utc_minutes(row.started_at));
                ui.label(title(library, &row.scenario_id));
                ui.label(&row.status);
                ui.label(number(row.score));
                ui.label(number(row.csat));
                ui.end_row();
            }
        });
}
