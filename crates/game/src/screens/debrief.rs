//! The debrief: outcome, score against the best possible, skills, meters over the
//! conversation, the turning points with better replies, what the trainee typed (when they
//! did) and the transcript.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::play::{FinishedPlay, PlayerAction};
use crate::results::{Results, SavesInFlight};
use crate::server_link::ServerLink;
use crate::ui::{root_ui, widgets};
use rapport_core::debrief::Debrief;
use rapport_core::record::{TypedReply, Understanding};
use rapport_core::scoring::{NpsCategory, Retention, SkillReading};
use rapport_core::understand::technique::tally;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_debrief
            .run_if(in_state(Screen::Debrief))
            .in_set(super::ScreenDrawing),
    );
}

fn draw_debrief(
    mut contexts: EguiContexts,
    finished: Option<Res<FinishedPlay>>,
    results: Res<Results>,
    saves: Res<SavesInFlight>,
    link: Res<ServerLink>,
    mut actions: MessageWriter<PlayerAction>,
    mut next_screen: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(finished) = finished else {
        next_screen.set(Screen::Picker);
        return Ok(());
    };
    let debrief = &finished.debrief;
    let retry = |seed: u64| PlayerAction::practice(finished.file.clone(), seed);
    let mut root = root_ui(ctx, "debrief");
    egui::Panel::bottom("debrief-actions").show(&mut root, |ui| {
        ui.add_space(6.0);
        if link.is_signed_in() {
            if link.sending {
                ui.weak("Sending this session to the results server...");
            } else if let Some(result) = &link.last_result {
                ui.label(result);
            }
            ui.add_space(4.0);
        } else if saves.any() {
            ui.weak("Saving this session...");
            ui.add_space(4.0);
        } else if let Some(notice) = &results.save_notice {
            ui.colored_label(egui::Color32::from_rgb(240, 190, 90), notice);
            ui.add_space(4.0);
        }
        ui.horizontal(|ui| {
            if widgets::action_button(ui, "Retry, same seed", "R").clicked() {
                actions.write(retry(finished.seed));
            }
            if widgets::action_button(ui, "Retry, new seed", "N").clicked() {
                actions.write(retry(rand::random()));
            }
            if widgets::action_button(ui, "Another scenario", "L").clicked() {
                next_screen.set(Screen::Picker);
            }
            if widgets::action_button(ui, "Menu", "M").clicked() {
                next_screen.set(Screen::Title);
            }
        });
        ui.add_space(6.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(
                egui::RichText::new(format!("Debrief: {}", debrief.title))
                    .size(26.0)
                    .strong(),
            );
            ui.label(egui::RichText::new(&debrief.ending_text).italics());
            ui.add_space(8.0);
            if debrief.scored {
                outcome(ui, debrief);
                ui.add_space(8.0);
                ui.columns(2, |columns| {
                    skills(&mut columns[0], debrief);
                    meter_chart(&mut columns[1], debrief);
                });
            } else {
                ui.colored_label(
                    widgets::GOOD,
                    "This was the tutorial: nothing is scored or saved. Every other scenario \
                     ends with a score, the customer's CSAT, NPS and whether they stay.",
                );
                ui.add_space(8.0);
                meter_chart(ui, debrief);
            }
            ui.add_space(8.0);
            if let Some(board) = link
                .board
                .as_ref()
                .filter(|board| board.scenario_id == debrief.scenario_id)
            {
                shared_board(ui, board);
                ui.add_space(8.0);
            }
            turning_points(ui, debrief);
            if finished.typed.iter().any(Option::is_some) {
                ui.add_space(8.0);
                your_words(ui, debrief, &finished.typed);
            }
            egui::CollapsingHeader::new("Full transcript").show(ui, |ui| {
                for turn in &debrief.turns {
                    ui.label(egui::RichText::new(format!(
                        "{}. Customer: \"{}\"",
                        turn.number, turn.customer_line
                    )));
                    ui.label(egui::RichText::new(format!("   You: \"{}\"", turn.reply)).strong());
                    widgets::tag_line(ui, &turn.skills, &turn.pitfalls);
                    if let Some(takeaway) = &turn.takeaway {
                        ui.label(egui::RichText::new(takeaway).strong());
                    }
                    ui.label(egui::RichText::new(&turn.coaching).weak());
                    ui.separator();
                }
            });
        });
    });
    let keys = ctx.input(|i| {
        [egui::Key::R, egui::Key::N, egui::Key::L, egui::Key::M].map(|key| i.key_pressed(key))
    });
    match keys {
        [true, ..] => {
            actions.write(retry(finished.seed));
        }
        [_, true, ..] => {
            actions.write(retry(rand::random()));
        }
        [_, _, true, _] => next_screen.set(Screen::Picker),
        [.., true] => next_screen.set(Screen::Title),
        _ => {}
    }
    Ok(())
}

/// The cohort's board for this scenario, as the results server scored it.
fn shared_board(ui: &mut egui::Ui, board: &rapport_core::submission::Board) {
    ui.label(
        egui::RichText::new(format!(
            "Cohort {}: this scenario's board, scored by the server",
            board.cohort
        ))
        .strong(),
    );
    egui::Grid::new("shared-board")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for (rank, line) in board.trainees.iter().take(10).enumerate() {
                ui.label(format!("{}.", rank + 1));
                ui.label(&line.name);
                ui.label(egui::RichText::new(&line.team).weak());
                ui.label(format!("best {}", line.best));
                ui.end_row();
            }
        });
}

fn outcome(ui: &mut egui::Ui, debrief: &Debrief) {
    let customer = &debrief.customer;
    egui::Grid::new("outcome")
        .num_columns(2)
        .spacing([20.0, 6.0])
        .show(ui, |ui| {
            ui.label("Outcome");
            let outcome = if debrief.intended {
                format!(
                    "{} (the ending this scenario teaches)",
                    debrief.outcome.label()
                )
            } else {
                debrief.outcome.label().to_owned()
            };
            ui.label(egui::RichText::new(outcome).strong());
            ui.end_row();
            ui.label("Customer satisfaction (CSAT)");
            widgets::stars(ui, customer.csat);
            ui.end_row();
            ui.label("Would recommend (NPS)");
            let colour = match customer.nps_category {
                NpsCategory::Promoter => widgets::GOOD,
                NpsCategory::Passive => widgets::WARN,
                NpsCategory::Detractor => widgets::BAD,
            };
            ui.label(
                egui::RichText::new(format!(
                    "{}/10, {}",
                    customer.nps,
                    customer.nps_category.label()
                ))
                .color(colour)
                .strong(),
            );
            ui.end_row();
            ui.label("Retention");
            let colour = match customer.retention {
                Retention::Stays => widgets::GOOD,
                Retention::AtRisk => widgets::WARN,
                Retention::Leaves => widgets::BAD,
            };
            ui.label(
                egui::RichText::new(customer.retention.label())
                    .color(colour)
                    .strong(),
            );
            ui.end_row();
            ui.label("Customer effort");
            ui.label(debrief.effort.describe());
            ui.end_row();
            if let Some(money) = &debrief.money {
                ui.label("Money");
                ui.label(money.line());
                ui.end_row();
            }
            ui.label("Overall score");
            ui.label(
                egui::RichText::new(format!("{}/100", debrief.score))
                    .size(24.0)
                    .strong(),
            );
            ui.end_row();
        });
    ui.label(
        egui::RichText::new("100 means you reached the best outcome this scenario allows.").weak(),
    );
    if let Some(note) = debrief.exactness.note() {
        ui.colored_label(widgets::WARN, format!("The score is {note}."));
    }
}

fn skills(ui: &mut egui::Ui, debrief: &Debrief) {
    ui.label(egui::RichText::new("Skills").size(18.0).strong());
    for skill in &debrief.skills {
        let share = skill.score.map_or(0.0, |s| f32::from(s) / 100.0);
        // Points below zero are shown as they are, on an empty bar.
        let text = match skill.reading {
            SkillReading::Scored { score } => {
                format!("{} of {} points ({score}%)", skill.points, skill.best)
            }
            SkillReading::NotEnoughEvidence => {
                format!(
                    "{} of {} points: not enough evidence",
                    skill.points, skill.best
                )
            }
            SkillReading::NotCalledOn => format!("{} points (not called on here)", skill.points),
        };
        ui.horizontal(|ui| {
            ui.add_sized([130.0, 18.0], egui::Label::new(skill.skill.label()));
            let mut bar = egui::ProgressBar::new(share)
                .desired_width(300.0)
                .text(text);
            // egui draws an empty bar's fill as a sliver, which reads as a few points: none.
            if share <= 0.0 {
                bar = bar.fill(egui::Color32::TRANSPARENT);
            }
            ui.add(bar);
        });
    }
    if let Some(pitfalls) = debrief.pitfall_summary() {
        ui.colored_label(widgets::BAD, format!("Pitfalls: {pitfalls}"));
    }
}

/// Satisfaction, trust and patience after each turn, as three lines with a legend.
fn meter_chart(ui: &mut egui::Ui, debrief: &Debrief) {
    ui.label(
        egui::RichText::new("The customer over the conversation")
            .size(18.0)
            .strong(),
    );
    let series: Vec<widgets::Series> = [
        ("satisfaction", widgets::GOOD, 0usize),
        ("trust", egui::Color32::from_rgb(110, 160, 230), 1),
        ("patience", widgets::WARN, 2),
    ]
    .into_iter()
    .map(|(name, colour, which)| widgets::Series {
        name,
        colour,
        values: debrief
            .meters
            .iter()
            .map(|m| f32::from([m.satisfaction, m.trust, m.patience][which]))
            .collect(),
    })
    .collect();
    widgets::line_chart(
        ui,
        &series,
        160.0,
        &format!("({} turns)", debrief.turns.len()),
    );
}

/// What the trainee typed at each turn, what it was understood as, and what their words
/// showed over the session.
fn your_words(ui: &mut egui::Ui, debrief: &Debrief, typed: &[Option<TypedReply>]) {
    ui.label(egui::RichText::new("Your words").size(18.0).strong());
    let counts = tally(typed.iter().flatten().flat_map(|turn| &turn.findings));
    if !counts.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Over the session:");
            for (technique, count) in counts {
                let color = if technique.helps() {
                    widgets::GOOD
                } else {
                    widgets::BAD
                };
                let sign = if technique.helps() { "+" } else { "-" };
                ui.colored_label(color, format!("{sign}{} x{count}", technique.label()));
            }
        });
    }
    for (turn, words) in debrief.turns.iter().zip(typed) {
        let Some(words) = words else {
            continue;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(format!("Turn {}: you said", turn.number)).strong());
            ui.label(format!("\"{}\"", words.text));
            let taken = match words.understood {
                Understanding::Sure => format!(
                    "Understood as (confidence {:.2}): {}",
                    words.confidence_share(),
                    turn.reply
                ),
                Understanding::Picked => format!("You said you meant: {}", turn.reply),
                Understanding::Unclear => {
                    "Not understood: the customer asked what you meant.".to_owned()
                }
            };
            ui.label(egui::RichText::new(taken).weak());
            widgets::finding_lines(ui, &words.findings);
        });
    }
    ui.label(
        egui::RichText::new(format!(
            "Understood by {}.",
            typed
                .iter()
                .flatten()
                .next()
                .map_or("", |words| if words.matcher == "lexical" {
                    "matching words (the model was not installed)"
                } else {
                    "the language model, on this computer"
                })
        ))
        .weak(),
    );
}

fn turning_points(ui: &mut egui::Ui, debrief: &Debrief) {
    ui.label(egui::RichText::new("Turning points").size(18.0).strong());
    if debrief.turning_points.is_empty() && !debrief.turning_points_measured() {
        ui.label("Not measured after a reply the customer did not understand; see the pitfalls.");
        return;
    }
    if debrief.turning_points.is_empty() {
        ui.label("None: every reply kept the best outcome within reach.");
        return;
    }
    for &index in &debrief.turning_points {
        let turn = &debrief.turns[index];
        let Some(better) = &turn.better else {
            continue;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(format!("Turn {}: you said", turn.number)).strong());
            ui.label(format!("\"{}\"", turn.reply));
            ui.label(
                egui::RichText::new(format!(
                    "A better reply (+{} points within reach):",
                    better.gain
                ))
                .color(widgets::GOOD)
                .strong(),
            );
            ui.label(format!("\"{}\"", better.text));
            ui.label(egui::RichText::new(&better.coaching).weak());
        });
    }
}
