//! The team match screen: set up players, teams and scenarios (or resume a stored match),
//! then hand the keyboard from player to player with a scoreboard between turns, and finish
//! on the ranking with the best moments. Keys: F5 starts a match, R resumes the last one,
//! Enter moves on, Esc leaves (a match can be resumed later).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::library::Library;
use crate::matches::{MatchAction, MatchInProgress, MatchProblem, MatchStage, UnfinishedMatches};
use crate::server_link::ServerLink;
use crate::ui::{root_ui, widgets};
use rapport_core::calendar::now;
use rapport_core::record::new_uid;
use rapport_core::team_match::{MAX_PLAYERS, MatchPlan, Round, TeamMatch};
use rapport_core::trainee::Trainee;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MatchSetup>().add_systems(
        EguiPrimaryContextPass,
        draw_match
            .run_if(in_state(Screen::Match))
            .in_set(super::ScreenDrawing),
    );
}

/// The setup form.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct MatchSetup {
    pub name: String,
    pub players: Vec<Trainee>,
    /// Files of the scenarios picked, in library order when the match starts.
    pub files: Vec<String>,
    pub seed: u64,
    /// A competition id when the match is a round of one (typed by a signed-in trainer).
    pub competition: String,
}

impl Default for MatchSetup {
    fn default() -> Self {
        let empty = Trainee {
            name: String::new(),
            team: String::new(),
        };
        MatchSetup {
            name: "Team match".into(),
            players: vec![empty.clone(), empty],
            files: Vec::new(),
            seed: rand::random::<u32>().into(),
            competition: String::new(),
        }
    }
}

impl MatchSetup {
    /// What starting this form asks for: a plain match, or a round of the competition typed.
    pub fn create(&self, library: &Library) -> Result<MatchAction, String> {
        let plan = self.plan(library);
        match self.competition.trim() {
            "" => Ok(MatchAction::Create(plan)),
            id => id
                .parse()
                .map(|competition| MatchAction::CreateRound { plan, competition })
                .map_err(|_| format!("`{id}` is not a competition number")),
        }
    }

    /// The plan this form describes, with the library's current version of each scenario.
    pub fn plan(&self, library: &Library) -> MatchPlan {
        let rounds = library
            .entries
            .iter()
            .filter(|entry| self.files.contains(&entry.file))
            .filter_map(|entry| {
                let scenario = entry.scenario.as_ref()?;
                Some(Round {
                    file: entry.file.clone(),
                    scenario_id: scenario.meta.id.clone(),
                    title: scenario.meta.title.clone(),
                    content_hash: scenario.content_hash.0.clone(),
                })
            })
            .collect();
        MatchPlan {
            uid: new_uid(),
            name: self.name.clone(),
            seed: self.seed,
            players: self.players.clone(),
            rounds,
            created_at: now(),
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the screen shows the form, the stored matches and the match in progress"
)]
fn draw_match(
    mut contexts: EguiContexts,
    mut setup: ResMut<MatchSetup>,
    mut actions: MessageWriter<MatchAction>,
    in_progress: Option<Res<MatchInProgress>>,
    unfinished: Res<UnfinishedMatches>,
    problem: Res<MatchProblem>,
    library: Res<Library>,
    (mut commands, link): (Commands, Res<ServerLink>),
) -> Result {
    let signed_in_trainer = link
        .credentials
        .as_ref()
        .is_some_and(|signed| signed.role != rapport_core::submission::Role::Trainee);
    let mut start_problem = None;
    let ctx = contexts.ctx_mut()?;
    let typing = ctx.egui_wants_keyboard_input();
    let (enter, escape, start, resume) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::F5),
            i.key_pressed(egui::Key::R),
        )
    });
    let mut root = root_ui(ctx, "team-match");
    egui::Panel::top("match-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button("< Menu [Esc]").clicked() {
                actions.write(MatchAction::Leave);
            }
            ui.heading(match &in_progress {
                Some(current) => format!("Team match: {}", current.team_match.plan.name),
                None => "Team match".to_owned(),
            });
            if let Some(current) = &in_progress {
                let (done, all) = current.team_match.progress();
                ui.separator();
                ui.label(format!("{done} of {all} turns played"));
            }
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| match &in_progress {
            Some(current) => {
                if let Some(notice) = &current.notice {
                    ui.colored_label(widgets::WARN, notice);
                }
                match &current.stage {
                    MatchStage::Handover => handover(ui, &current.team_match, &mut actions),
                    MatchStage::Playing { .. } if current.saving.is_some() => {
                        ui.label("Saving the turn...");
                    }
                    MatchStage::Playing { .. } => {
                        ui.label("A turn is being played.");
                    }
                    MatchStage::Scoreboard(played) => {
                        let player = &current.team_match.plan.players[played.player];
                        let result = match (played.score, played.csat) {
                            (Some(score), Some(csat)) => {
                                format!("{} scored {score}/100 (CSAT {csat}/5)", player.name)
                            }
                            _ => format!("{} left the conversation: 0 points", player.name),
                        };
                        ui.label(egui::RichText::new(result).size(24.0).strong());
                        ui.add_space(10.0);
                        standings(ui, &current.team_match);
                        ui.add_space(16.0);
                        let label = if current.team_match.is_finished() {
                            "Final ranking"
                        } else {
                            "Next player"
                        };
                        if widgets::action_button(ui, label, "Enter").clicked() {
                            actions.write(MatchAction::Continue);
                        }
                    }
                    MatchStage::Final => final_ranking(ui, &current.team_match, &mut actions),
                }
            }
            None => setup_form(
                ui,
                &mut setup,
                &unfinished,
                &problem,
                &library,
                &mut actions,
                signed_in_trainer,
                &mut start_problem,
            ),
        });
    });
    if let Some(problem) = start_problem {
        commands.insert_resource(MatchProblem(Some(problem)));
    }
    if escape {
        actions.write(MatchAction::Leave);
    }
    match in_progress.as_deref().map(|current| &current.stage) {
        Some(MatchStage::Handover) if enter => {
            actions.write(MatchAction::Ready);
        }
        Some(MatchStage::Scoreboard(_)) if enter => {
            actions.write(MatchAction::Continue);
        }
        Some(MatchStage::Final) if enter => {
            actions.write(MatchAction::Leave);
        }
        None if start => match setup.create(&library) {
            Ok(action) => {
                actions.write(action);
            }
            Err(problem) => {
                commands.insert_resource(MatchProblem(Some(problem)));
            }
        },
        None if resume && !typing => {
            if let Some(latest) = unfinished.0.first() {
                actions.write(MatchAction::Resume(latest.plan.uid.clone()));
            }
        }
        _ => {}
    }
    Ok(())
}

fn handover(ui: &mut egui::Ui, team_match: &TeamMatch, actions: &mut MessageWriter<MatchAction>) {
    let Some((round, player)) = team_match.next() else {
        return;
    };
    let plan = &team_match.plan;
    let who = &plan.players[player];
    ui.vertical_centered(|ui| {
        ui.add_space(30.0);
        ui.label(
            egui::RichText::new(format!(
                "Round {} of {}: {}",
                round + 1,
                plan.rounds.len(),
                plan.rounds[round].title
            ))
            .size(20.0),
        );
        ui.add_space(10.0);
        let team = if who.team.is_empty() {
            String::new()
        } else {
            format!(" ({})", who.team)
        };
        ui.label(
            egui::RichText::new(format!("Pass the keyboard to {}{team}", who.name))
                .size(32.0)
                .strong(),
        );
        ui.add_space(6.0);
        ui.label(
            "Everyone plays the same customer with the same words. The previous player's \
             conversation is not shown; everyone else, please look away.",
        );
        ui.add_space(20.0);
        if widgets::action_button(ui, &format!("{} is ready", who.name), "Enter").clicked() {
            actions.write(MatchAction::Ready);
        }
        ui.add_space(24.0);
    });
    if !team_match.played.is_empty() {
        standings(ui, team_match);
    }
}

fn standings(ui: &mut egui::Ui, team_match: &TeamMatch) {
    ui.label(egui::RichText::new("Standings").size(18.0).strong());
    egui::Grid::new("match-standings")
        .striped(true)
        .num_columns(5)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for header in ["rank", "player", "team", "total", "rounds played"] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for row in &team_match.standings() {
                ui.label(row.rank.to_string());
                ui.label(egui::RichText::new(&row.name).strong());
                ui.label(&row.team);
                ui.label(row.total.to_string());
                ui.label(format!(
                    "{} of {}",
                    row.rounds,
                    team_match.plan.rounds.len()
                ));
                ui.end_row();
            }
        });
}

fn final_ranking(
    ui: &mut egui::Ui,
    team_match: &TeamMatch,
    actions: &mut MessageWriter<MatchAction>,
) {
    let leaders = team_match.leaders();
    let names: Vec<&str> = leaders.iter().map(|l| l.name.as_str()).collect();
    let headline = match (names.as_slice(), leaders.first()) {
        ([one], Some(first)) => format!("{one} wins with {} points", first.total),
        (_, Some(first)) => format!("{} tie with {} points", names.join(" and "), first.total),
        _ => String::new(),
    };
    ui.label(egui::RichText::new(headline).size(28.0).strong());
    ui.add_space(10.0);
    standings_table(ui, team_match);
    ui.add_space(14.0);
    ui.label(
        egui::RichText::new("Teams (average of their players' totals)")
            .size(18.0)
            .strong(),
    );
    egui::Grid::new("match-teams")
        .striped(true)
        .num_columns(4)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for header in ["rank", "team", "average", "players"] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for (rank, team) in team_match.team_results().iter().enumerate() {
                ui.label(format!("{}", rank + 1));
                ui.label(
                    egui::RichText::new(if team.team.is_empty() {
                        "(no team)"
                    } else {
                        team.team.as_str()
                    })
                    .strong(),
                );
                ui.label(format!("{:.1}", team.average));
                ui.label(team.players.to_string());
                ui.end_row();
            }
        });
    ui.add_space(14.0);
    ui.label(egui::RichText::new("Best moments").size(18.0).strong());
    for (round, best, names) in team_match.round_winners() {
        ui.label(format!(
            "{}: best score {best}, by {}",
            team_match.plan.rounds[round].title,
            names.join(" and ")
        ));
    }
    for (name, round, moment) in team_match.best_moments(3) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!(
                    "{name}, round {}, turn {}:",
                    round + 1,
                    moment.turn
                ))
                .strong(),
            );
            ui.label(egui::RichText::new(format!("\"{}\"", moment.reply)).italics());
            ui.colored_label(
                widgets::GOOD,
                format!("+{} satisfaction and trust", moment.gain),
            );
        });
    }
    ui.add_space(16.0);
    if widgets::action_button(ui, "Back to the menu", "Enter").clicked() {
        actions.write(MatchAction::Leave);
    }
}

fn standings_table(ui: &mut egui::Ui, team_match: &TeamMatch) {
    egui::Grid::new("match-final")
        .striped(true)
        .num_columns(3 + team_match.plan.rounds.len())
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new("rank").weak());
            ui.label(egui::RichText::new("player").weak());
            for round in &team_match.plan.rounds {
                ui.label(egui::RichText::new(&round.title).weak());
            }
            ui.label(egui::RichText::new("total").weak());
            ui.end_row();
            for row in &team_match.standings() {
                ui.label(row.rank.to_string());
                ui.label(egui::RichText::new(format!("{} ({})", row.name, row.team)).strong());
                for round in 0..team_match.plan.rounds.len() {
                    let score = team_match
                        .played
                        .iter()
                        .find(|p| p.round == round && p.player == row.player)
                        .map_or("-".to_owned(), |p| {
                            p.score.map_or("left".to_owned(), |s| s.to_string())
                        });
                    ui.label(score);
                }
                ui.label(egui::RichText::new(row.total.to_string()).strong());
                ui.end_row();
            }
        });
}

#[allow(
    clippy::too_many_arguments,
    reason = "the form edits the setup and reads the library, the stored matches and the sign-in"
)]
fn setup_form(
    ui: &mut egui::Ui,
    setup: &mut MatchSetup,
    unfinished: &UnfinishedMatches,
    problem: &MatchProblem,
    library: &Library,
    actions: &mut MessageWriter<MatchAction>,
    signed_in_trainer: bool,
    start_problem: &mut Option<String>,
) {
    if !unfinished.0.is_empty() {
        ui.label(
            egui::RichText::new("Unfinished matches")
                .size(18.0)
                .strong(),
        );
        for (index, stored) in unfinished.0.iter().enumerate() {
            let (done, all) = stored.progress();
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{}: {done} of {all} turns played, {} players",
                    stored.plan.name,
                    stored.plan.players.len()
                ));
                let resume = if index == 0 { "Resume [R]" } else { "Resume" };
                if ui.button(resume).clicked() {
                    actions.write(MatchAction::Resume(stored.plan.uid.clone()));
                }
                if ui.button("Discard").clicked() {
                    actions.write(MatchAction::Discard(stored.plan.uid.clone()));
                }
            });
        }
        ui.separator();
    }
    ui.label(egui::RichText::new("New match").size(18.0).strong());
    ui.horizontal(|ui| {
        ui.label("Name");
        ui.text_edit_singleline(&mut setup.name);
    });
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Players, in playing order").strong());
    let mut remove = None;
    for (index, player) in setup.players.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let number = ui.label(format!("{}.", index + 1));
            ui.add(
                egui::TextEdit::singleline(&mut player.name)
                    .hint_text("name")
                    .desired_width(180.0),
            )
            .labelled_by(number.id);
            ui.add(
                egui::TextEdit::singleline(&mut player.team)
                    .hint_text("team")
                    .desired_width(140.0),
            )
            .labelled_by(number.id);
            if ui.button("Remove").clicked() {
                remove = Some(index);
            }
        });
    }
    if let Some(index) = remove {
        setup.players.remove(index);
    }
    if setup.players.len() < MAX_PLAYERS && ui.button("Add a player").clicked() {
        setup.players.push(Trainee {
            name: String::new(),
            team: String::new(),
        });
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Scenarios, played in this order").strong());
    for entry in &library.entries {
        let Some(scenario) = &entry.scenario else {
            continue;
        };
        if entry
            .file
            .rsplit('/')
            .next()
            .unwrap_or(&entry.file)
            .starts_with('_')
        {
            continue;
        }
        let mut picked = setup.files.contains(&entry.file);
        let label = format!(
            "{} (difficulty {}/5, {})",
            scenario.meta.title,
            scenario.meta.difficulty,
            scenario.meta.channel.label()
        );
        if ui.checkbox(&mut picked, label).changed() {
            if picked {
                setup.files.push(entry.file.clone());
            } else {
                setup.files.retain(|file| *file != entry.file);
            }
        }
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(format!("Seed {} (the same lines for everyone)", setup.seed));
        if ui.button("New seed").clicked() {
            setup.seed = rand::random::<u32>().into();
        }
    });
    if let Some(problem) = &problem.0 {
        ui.colored_label(widgets::BAD, problem);
    }
    if signed_in_trainer {
        ui.horizontal(|ui| {
            let label = ui.label("Competition round (optional): competition number");
            ui.add(egui::TextEdit::singleline(&mut setup.competition).desired_width(80.0))
                .labelled_by(label.id);
        });
        ui.label(
            egui::RichText::new(
                "A round is scored by the results server: name each player as their account, a trainee of the competition's cohort.",
            )
            .weak(),
        );
    }
    ui.add_space(12.0);
    if widgets::action_button(ui, "Start the match", "F5").clicked() {
        match setup.create(library) {
            Ok(action) => {
                actions.write(action);
            }
            Err(problem) => *start_problem = Some(problem),
        }
    }
}
