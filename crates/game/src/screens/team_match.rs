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
use crate::ui::words::Tr;
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
    /// What starting this form asks for: a plain match, or a round of the competition typed
    /// (a problem is said in `words`' language).
    pub fn create(&self, library: &Library, words: &impl Tr) -> Result<MatchAction, String> {
        let plan = self.plan(library);
        match self.competition.trim() {
            "" => Ok(MatchAction::Create(plan)),
            id => id
                .parse()
                .map(|competition| MatchAction::CreateRound { plan, competition })
                .map_err(|_| words.t_with("match-not-a-competition", &[("id", id.into())])),
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
            if ui.button(ui.t("match-menu")).clicked() {
                actions.write(MatchAction::Leave);
            }
            ui.heading(match &in_progress {
                Some(current) => ui.t_with(
                    "match-title-named",
                    &[("name", (&current.team_match.plan.name).into())],
                ),
                None => ui.t("match-title"),
            });
            if let Some(current) = &in_progress {
                let (done, all) = current.team_match.progress();
                ui.separator();
                ui.label(ui.t_with(
                    "match-turns-played",
                    &[("done", done.into()), ("all", all.into())],
                ));
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
                        ui.label(ui.t("match-saving-turn"));
                    }
                    MatchStage::Playing { .. } => {
                        ui.label(ui.t("match-turn-playing"));
                    }
                    MatchStage::Scoreboard(played) => {
                        let player = &current.team_match.plan.players[played.player];
                        let result = match (played.score, played.csat) {
                            (Some(score), Some(csat)) => ui.t_with(
                                "match-scored",
                                &[
                                    ("player", (&player.name).into()),
                                    ("score", score.into()),
                                    ("csat", csat.into()),
                                ],
                            ),
                            _ => ui.t_with("match-left", &[("player", (&player.name).into())]),
                        };
                        ui.label(egui::RichText::new(result).size(24.0).strong());
                        ui.add_space(10.0);
                        standings(ui, &current.team_match);
                        ui.add_space(16.0);
                        let label = if current.team_match.is_finished() {
                            ui.t("match-final-ranking")
                        } else {
                            ui.t("match-next-player")
                        };
                        let enter_key = ui.t("match-key-enter");
                        if widgets::action_button(ui, &label, &enter_key).clicked() {
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
        None if start => match setup.create(&library, &*ctx) {
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
        let title = ui.t_with(
            "match-round-of",
            &[
                ("round", (round + 1).into()),
                ("rounds", plan.rounds.len().into()),
                ("title", (&plan.rounds[round].title).into()),
            ],
        );
        ui.label(egui::RichText::new(title).size(20.0));
        ui.add_space(10.0);
        let pass = if who.team.is_empty() {
            ui.t_with("match-pass-keyboard", &[("name", (&who.name).into())])
        } else {
            ui.t_with(
                "match-pass-keyboard-team",
                &[("name", (&who.name).into()), ("team", (&who.team).into())],
            )
        };
        ui.label(egui::RichText::new(pass).size(32.0).strong());
        ui.add_space(6.0);
        ui.label(ui.t("match-look-away"));
        ui.add_space(20.0);
        let ready = ui.t_with("match-is-ready", &[("name", (&who.name).into())]);
        let enter_key = ui.t("match-key-enter");
        if widgets::action_button(ui, &ready, &enter_key).clicked() {
            actions.write(MatchAction::Ready);
        }
        ui.add_space(24.0);
    });
    if !team_match.played.is_empty() {
        standings(ui, team_match);
    }
}

fn standings(ui: &mut egui::Ui, team_match: &TeamMatch) {
    ui.label(
        egui::RichText::new(ui.t("match-standings"))
            .size(18.0)
            .strong(),
    );
    egui::Grid::new("match-standings")
        .striped(true)
        .num_columns(5)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for header in [
                ui.t("match-column-rank"),
                ui.t("match-column-player"),
                ui.t("match-column-team"),
                ui.t("match-column-total"),
                ui.t("match-column-rounds-played"),
            ] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for row in &team_match.standings() {
                ui.label(row.rank.to_string());
                ui.label(egui::RichText::new(&row.name).strong());
                ui.label(&row.team);
                ui.label(row.total.to_string());
                ui.label(ui.t_with(
                    "match-rounds-of",
                    &[
                        ("done", row.rounds.into()),
                        ("all", team_match.plan.rounds.len().into()),
                    ],
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
    // "Ana and Bo": the names of a tie, and of a round's best players.
    let and = format!(" {} ", ui.t("match-and"));
    let headline = match (names.as_slice(), leaders.first()) {
        ([one], Some(first)) => ui.t_with(
            "match-wins",
            &[("name", (*one).into()), ("points", first.total.into())],
        ),
        (_, Some(first)) => ui.t_with(
            "match-tie",
            &[
                ("names", names.join(and.as_str()).into()),
                ("points", first.total.into()),
            ],
        ),
        _ => String::new(),
    };
    ui.label(egui::RichText::new(headline).size(28.0).strong());
    ui.add_space(10.0);
    standings_table(ui, team_match);
    ui.add_space(14.0);
    ui.label(egui::RichText::new(ui.t("match-teams")).size(18.0).strong());
    egui::Grid::new("match-teams")
        .striped(true)
        .num_columns(4)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for header in [
                ui.t("match-column-rank"),
                ui.t("match-column-team"),
                ui.t("match-column-average"),
                ui.t("match-column-players"),
            ] {
                ui.label(egui::RichText::new(header).weak());
            }
            ui.end_row();
            for (rank, team) in team_match.team_results().iter().enumerate() {
                ui.label(format!("{}", rank + 1));
                ui.label(
                    egui::RichText::new(if team.team.is_empty() {
                        ui.t("match-no-team")
                    } else {
                        team.team.clone()
                    })
                    .strong(),
                );
                ui.label(format!("{:.1}", team.average));
                ui.label(team.players.to_string());
                ui.end_row();
            }
        });
    ui.add_space(14.0);
    ui.label(
        egui::RichText::new(ui.t("match-best-moments"))
            .size(18.0)
            .strong(),
    );
    for (round, best, names) in team_match.round_winners() {
        ui.label(ui.t_with(
            "match-round-best",
            &[
                ("title", (&team_match.plan.rounds[round].title).into()),
                ("best", best.into()),
                ("names", names.join(and.as_str()).into()),
            ],
        ));
    }
    for (name, round, moment) in team_match.best_moments(3) {
        ui.horizontal_wrapped(|ui| {
            let when = ui.t_with(
                "match-moment",
                &[
                    ("name", (&name).into()),
                    ("round", (round + 1).into()),
                    ("turn", moment.turn.into()),
                ],
            );
            ui.label(egui::RichText::new(when).strong());
            let quoted = ui.t_with("match-moment-reply", &[("reply", (&moment.reply).into())]);
            ui.label(egui::RichText::new(quoted).italics());
            let gain = ui.t_with("match-moment-gain", &[("gain", moment.gain.into())]);
            ui.colored_label(widgets::GOOD, gain);
        });
    }
    ui.add_space(16.0);
    let (back, enter_key) = (ui.t("match-back-to-menu"), ui.t("match-key-enter"));
    if widgets::action_button(ui, &back, &enter_key).clicked() {
        actions.write(MatchAction::Leave);
    }
}

fn standings_table(ui: &mut egui::Ui, team_match: &TeamMatch) {
    egui::Grid::new("match-final")
        .striped(true)
        .num_columns(3 + team_match.plan.rounds.len())
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.label(egui::RichText::new(ui.t("match-column-rank")).weak());
            ui.label(egui::RichText::new(ui.t("match-column-player")).weak());
            for round in &team_match.plan.rounds {
                ui.label(egui::RichText::new(&round.title).weak());
            }
            ui.label(egui::RichText::new(ui.t("match-column-total")).weak());
            let left = ui.t("match-left-short");
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
                            p.score.map_or(left.clone(), |s| s.to_string())
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
            egui::RichText::new(ui.t("match-unfinished"))
                .size(18.0)
                .strong(),
        );
        for (index, stored) in unfinished.0.iter().enumerate() {
            let (done, all) = stored.progress();
            ui.horizontal(|ui| {
                ui.label(ui.t_with(
                    "match-unfinished-line",
                    &[
                        ("name", (&stored.plan.name).into()),
                        ("done", done.into()),
                        ("all", all.into()),
                        ("players", stored.plan.players.len().into()),
                    ],
                ));
                let resume = if index == 0 {
                    ui.t("match-resume-key")
                } else {
                    ui.t("match-resume")
                };
                if ui.button(resume).clicked() {
                    actions.write(MatchAction::Resume(stored.plan.uid.clone()));
                }
                if ui.button(ui.t("match-discard")).clicked() {
                    actions.write(MatchAction::Discard(stored.plan.uid.clone()));
                }
            });
        }
        ui.separator();
    }
    ui.label(egui::RichText::new(ui.t("match-new")).size(18.0).strong());
    ui.horizontal(|ui| {
        ui.label(ui.t("match-name"));
        ui.text_edit_singleline(&mut setup.name);
    });
    ui.add_space(8.0);
    ui.label(egui::RichText::new(ui.t("match-players")).strong());
    let mut remove = None;
    for (index, player) in setup.players.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let number = ui.label(format!("{}.", index + 1));
            let (name_hint, team_hint) = (ui.t("match-hint-name"), ui.t("match-hint-team"));
            ui.add(
                egui::TextEdit::singleline(&mut player.name)
                    .hint_text(name_hint)
                    .desired_width(180.0),
            )
            .labelled_by(number.id);
            ui.add(
                egui::TextEdit::singleline(&mut player.team)
                    .hint_text(team_hint)
                    .desired_width(140.0),
            )
            .labelled_by(number.id);
            if ui.button(ui.t("match-remove")).clicked() {
                remove = Some(index);
            }
        });
    }
    if let Some(index) = remove {
        setup.players.remove(index);
    }
    if setup.players.len() < MAX_PLAYERS && ui.button(ui.t("match-add-player")).clicked() {
        setup.players.push(Trainee {
            name: String::new(),
            team: String::new(),
        });
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new(ui.t("match-scenarios")).strong());
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
        let label = ui.t_with(
            "match-scenario-choice",
            &[
                ("title", (&scenario.meta.title).into()),
                ("difficulty", scenario.meta.difficulty.into()),
                (
                    "channel",
                    ui.core("channel", scenario.meta.channel.label()).into(),
                ),
            ],
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
        ui.label(ui.t_with("match-seed", &[("seed", setup.seed.to_string().into())]));
        if ui.button(ui.t("match-new-seed")).clicked() {
            setup.seed = rand::random::<u32>().into();
        }
    });
    if let Some(problem) = &problem.0 {
        ui.colored_label(widgets::BAD, problem);
    }
    if signed_in_trainer {
        ui.horizontal(|ui| {
            let label = ui.label(ui.t("match-competition-number"));
            ui.add(egui::TextEdit::singleline(&mut setup.competition).desired_width(80.0))
                .labelled_by(label.id);
        });
        ui.label(egui::RichText::new(ui.t("match-competition-help")).weak());
    }
    ui.add_space(12.0);
    let start = ui.t("match-start");
    if widgets::action_button(ui, &start, "F5").clicked() {
        match setup.create(library, &*ui) {
            Ok(action) => {
                actions.write(action);
            }
            Err(problem) => *start_problem = Some(problem),
        }
    }
}
