//! The debrief: outcome, score against the best possible, skills, meters over the
//! conversation, the turning points with better replies, what the trainee typed (when they
//! did) and the transcript.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::play::{FinishedPlay, PlayerAction};
use crate::results::{Results, SavesInFlight};
use crate::server_link::ServerLink;
use crate::ui::words::Tr;
use crate::ui::{root_ui, widgets};
use rapport_core::analysis::Exactness;
use rapport_core::debrief::{Debrief, EffortSummary};
use rapport_core::record::{TypedReply, Understanding};
use rapport_core::scenario::Meter;
use rapport_core::scoring::{Money, NpsCategory, Retention, SkillReading};
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
                ui.weak(ui.t("debrief-sending"));
            } else if let Some(result) = &link.last_result {
                ui.label(result);
            }
            ui.add_space(4.0);
        } else if saves.any() {
            ui.weak(ui.t("debrief-saving"));
            ui.add_space(4.0);
        } else if let Some(notice) = &results.save_notice {
            ui.colored_label(egui::Color32::from_rgb(240, 190, 90), notice);
            ui.add_space(4.0);
        }
        ui.horizontal(|ui| {
            let same_seed = ui.t("debrief-retry-same-seed");
            if widgets::action_button(ui, &same_seed, "R").clicked() {
                actions.write(retry(finished.seed));
            }
            let new_seed = ui.t("debrief-retry-new-seed");
            if widgets::action_button(ui, &new_seed, "N").clicked() {
                actions.write(retry(rand::random()));
            }
            let another = ui.t("debrief-another-scenario");
            if widgets::action_button(ui, &another, "L").clicked() {
                next_screen.set(Screen::Picker);
            }
            let menu = ui.t("debrief-menu");
            if widgets::action_button(ui, &menu, "M").clicked() {
                next_screen.set(Screen::Title);
            }
        });
        ui.add_space(6.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            let heading = ui.t_with("debrief-heading", &[("title", (&debrief.title).into())]);
            ui.label(egui::RichText::new(heading).size(26.0).strong());
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
                ui.colored_label(widgets::GOOD, ui.t("debrief-tutorial"));
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
            egui::CollapsingHeader::new(ui.t("debrief-full-transcript"))
                .id_salt("debrief-full-transcript")
                .show(ui, |ui| {
                    for turn in &debrief.turns {
                        let line = ui.core_text(&turn.customer_line);
                        ui.label(ui.t_with(
                            "debrief-transcript-customer",
                            &[("number", turn.number.into()), ("line", line.into())],
                        ));
                        let reply = ui.core_text(&turn.reply);
                        let you = ui.t_with("debrief-transcript-you", &[("reply", reply.into())]);
                        ui.label(egui::RichText::new(format!("   {you}")).strong());
                        widgets::tag_line(ui, &turn.skills, &turn.pitfalls);
                        if let Some(takeaway) = &turn.takeaway {
                            ui.label(egui::RichText::new(takeaway).strong());
                        }
                        ui.label(egui::RichText::new(ui.core_text(&turn.coaching)).weak());
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
    let heading = ui.t_with(
        "debrief-cohort-board",
        &[("cohort", (&board.cohort).into())],
    );
    ui.label(egui::RichText::new(heading).strong());
    egui::Grid::new("shared-board")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for (rank, line) in board.trainees.iter().take(10).enumerate() {
                ui.label(format!("{}.", rank + 1));
                ui.label(&line.name);
                ui.label(egui::RichText::new(&line.team).weak());
                ui.label(ui.t_with("debrief-cohort-best", &[("score", line.best.into())]));
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
            ui.label(ui.t("debrief-outcome"));
            let outcome = ui.core("outcome", debrief.outcome.label());
            let outcome = if debrief.intended {
                ui.t_with("debrief-outcome-intended", &[("outcome", outcome.into())])
            } else {
                outcome
            };
            ui.label(egui::RichText::new(outcome).strong());
            ui.end_row();
            ui.label(ui.t("debrief-csat"));
            widgets::stars(ui, customer.csat);
            ui.end_row();
            ui.label(ui.t("debrief-nps"));
            let colour = match customer.nps_category {
                NpsCategory::Promoter => widgets::GOOD,
                NpsCategory::Passive => widgets::WARN,
                NpsCategory::Detractor => widgets::BAD,
            };
            let category = ui.core("nps", customer.nps_category.label());
            ui.label(
                egui::RichText::new(format!("{}/10, {category}", customer.nps))
                    .color(colour)
                    .strong(),
            );
            ui.end_row();
            ui.label(ui.t("debrief-retention"));
            let colour = match customer.retention {
                Retention::Stays => widgets::GOOD,
                Retention::AtRisk => widgets::WARN,
                Retention::Leaves => widgets::BAD,
            };
            ui.label(
                egui::RichText::new(ui.core("retention", customer.retention.label()))
                    .color(colour)
                    .strong(),
            );
            ui.end_row();
            ui.label(ui.t("debrief-effort"));
            ui.label(effort_line(ui, &debrief.effort));
            ui.end_row();
            if let Some(money) = &debrief.money {
                ui.label(ui.t("debrief-money"));
                ui.label(money_line(ui, money));
                ui.end_row();
            }
            ui.label(ui.t("debrief-overall-score"));
            ui.label(
                egui::RichText::new(format!("{}/100", debrief.score))
                    .size(24.0)
                    .strong(),
            );
            ui.end_row();
        });
    ui.label(egui::RichText::new(ui.t("debrief-score-explained")).weak());
    if let Exactness::Approximate { beam_width } = debrief.exactness {
        ui.colored_label(
            widgets::WARN,
            ui.t_with("debrief-score-approximate", &[("count", beam_width.into())]),
        );
    }
}

/// The customer's effort, as [`EffortSummary::describe`] puts it: "none" or "3 (1 turn more
/// than the shortest way to this ending, 2 from replies)".
fn effort_line(ui: &egui::Ui, effort: &EffortSummary) -> String {
    let parts: Vec<String> = [
        (effort.extra_turns > 0).then(|| {
            ui.t_with(
                "debrief-effort-extra-turns",
                &[("count", effort.extra_turns.into())],
            )
        }),
        (effort.silences > 0).then(|| {
            ui.t_with(
                "debrief-effort-silences",
                &[("count", effort.silences.into())],
            )
        }),
        (effort.from_replies > 0).then(|| {
            ui.t_with(
                "debrief-effort-from-replies",
                &[("count", effort.from_replies.into())],
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        ui.t("debrief-effort-none")
    } else {
        let parts = parts.join(", ");
        ui.t_with(
            "debrief-effort-total",
            &[("total", effort.total.into()), ("parts", parts.into())],
        )
    }
}

/// What was kept and what it cost, as [`Money::line`] puts it.
fn money_line(ui: &egui::Ui, money: &Money) -> String {
    let year = money.amount(u64::from(money.per_year));
    let spent = money.amount(money.spent);
    let cost = if money.spent == 0 {
        ui.t("debrief-money-no-cost")
    } else {
        ui.t_with("debrief-money-cost", &[("amount", (&spent).into())])
    };
    match money.retention {
        Retention::Stays => ui.t_with(
            "debrief-money-kept",
            &[("year", year.into()), ("cost", cost.into())],
        ),
        Retention::AtRisk => {
            let kept = money.amount(u64::from(money.kept_per_year));
            ui.t_with(
                "debrief-money-at-risk",
                &[
                    ("kept", kept.into()),
                    ("year", year.into()),
                    ("cost", cost.into()),
                ],
            )
        }
        Retention::Leaves if money.spent == 0 => {
            ui.t_with("debrief-money-lost", &[("year", year.into())])
        }
        Retention::Leaves => ui.t_with(
            "debrief-money-lost-and-spent",
            &[("year", year.into()), ("spent", spent.into())],
        ),
    }
}

fn skills(ui: &mut egui::Ui, debrief: &Debrief) {
    ui.label(
        egui::RichText::new(ui.t("debrief-skills"))
            .size(18.0)
            .strong(),
    );
    for skill in &debrief.skills {
        let share = skill.score.map_or(0.0, |s| f32::from(s) / 100.0);
        // Points below zero are shown as they are, on an empty bar.
        let (points, best) = (skill.points, skill.best);
        let text = match skill.reading {
            SkillReading::Scored { score } => ui.t_with(
                "debrief-skill-scored",
                &[
                    ("points", points.into()),
                    ("best", best.into()),
                    ("score", score.into()),
                ],
            ),
            SkillReading::NotEnoughEvidence => ui.t_with(
                "debrief-skill-not-enough-evidence",
                &[("points", points.into()), ("best", best.into())],
            ),
            SkillReading::NotCalledOn => {
                ui.t_with("debrief-skill-not-called-on", &[("points", points.into())])
            }
        };
        let name = ui.core("skill", skill.skill.label());
        // A screen reader says which skill and its reading, not a bare bar.
        let spoken = format!("{name}: {text}");
        ui.horizontal(|ui| {
            // Wide enough for the longest name in either language ("resolución de problemas").
            ui.add_sized([175.0, 18.0], egui::Label::new(name));
            let mut bar = egui::ProgressBar::new(share)
                .desired_width(300.0)
                .text(text);
            // egui draws an empty bar's fill as a sliver, which reads as a few points: none.
            if share <= 0.0 {
                bar = bar.fill(egui::Color32::TRANSPARENT);
            }
            ui.add(bar).widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::ProgressIndicator, true, &spoken)
            });
        });
    }
    // As `Debrief::pitfall_summary` puts it: "interrupting x2, jargon x1".
    if !debrief.pitfalls.is_empty() {
        let list: Vec<String> = debrief
            .pitfalls
            .iter()
            .map(|(pitfall, count)| {
                let name = ui.core("pitfall", pitfall.label());
                ui.t_with(
                    "debrief-times",
                    &[("name", name.into()), ("count", (*count).into())],
                )
            })
            .collect();
        let list = list.join(", ");
        ui.colored_label(
            widgets::BAD,
            ui.t_with("debrief-pitfalls", &[("pitfalls", list.into())]),
        );
    }
}

/// Satisfaction, trust and patience after each turn, as three lines with a legend.
fn meter_chart(ui: &mut egui::Ui, debrief: &Debrief) {
    ui.label(
        egui::RichText::new(ui.t("debrief-customer-over-time"))
            .size(18.0)
            .strong(),
    );
    let names = [Meter::Satisfaction, Meter::Trust, Meter::Patience]
        .map(|meter| ui.core("meter", meter.label()));
    let series: Vec<widgets::Series> = [
        (names[0].as_str(), widgets::GOOD, 0usize),
        (names[1].as_str(), egui::Color32::from_rgb(110, 160, 230), 1),
        (names[2].as_str(), widgets::WARN, 2),
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
    let turns = ui.t_with("common-turns", &[("count", debrief.turns.len().into())]);
    widgets::line_chart(ui, &series, 160.0, &format!("({turns})"));
}

/// What the trainee typed at each turn, what it was understood as, and what their words
/// showed over the session.
fn your_words(ui: &mut egui::Ui, debrief: &Debrief, typed: &[Option<TypedReply>]) {
    ui.label(
        egui::RichText::new(ui.t("debrief-your-words"))
            .size(18.0)
            .strong(),
    );
    let counts = tally(typed.iter().flatten().flat_map(|turn| &turn.findings));
    if !counts.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(ui.t("debrief-over-the-session"));
            for (technique, count) in counts {
                let color = if technique.helps() {
                    widgets::GOOD
                } else {
                    widgets::BAD
                };
                let sign = if technique.helps() { "+" } else { "-" };
                let name = ui.core("technique", technique.label());
                let times = ui.t_with(
                    "debrief-times",
                    &[("name", name.into()), ("count", count.into())],
                );
                ui.colored_label(color, format!("{sign}{times}"));
            }
        });
    }
    for (turn, words) in debrief.turns.iter().zip(typed) {
        let Some(words) = words else {
            continue;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let said = ui.t_with("debrief-turn-you-said", &[("number", turn.number.into())]);
            ui.label(egui::RichText::new(said).strong());
            ui.label(format!("\"{}\"", words.text));
            let reply = ui.core_text(&turn.reply);
            let taken = match words.understood {
                Understanding::Sure => {
                    let confidence = format!("{:.2}", words.confidence_share());
                    ui.t_with(
                        "debrief-understood-as",
                        &[("confidence", confidence.into()), ("reply", reply.into())],
                    )
                }
                Understanding::Picked => ui.t_with("debrief-you-meant", &[("reply", reply.into())]),
                Understanding::Unclear => ui.t("debrief-not-understood-asked"),
            };
            ui.label(egui::RichText::new(taken).weak());
            widgets::finding_lines(ui, &words.findings);
        });
    }
    if let Some(words) = typed.iter().flatten().next() {
        let by = if words.matcher == "lexical" {
            ui.t("debrief-understood-by-words")
        } else {
            ui.t("debrief-understood-by-model")
        };
        ui.label(egui::RichText::new(by).weak());
    }
}

fn turning_points(ui: &mut egui::Ui, debrief: &Debrief) {
    ui.label(
        egui::RichText::new(ui.t("debrief-turning-points"))
            .size(18.0)
            .strong(),
    );
    if debrief.turning_points.is_empty() && !debrief.turning_points_measured() {
        ui.label(ui.t("debrief-turning-points-not-measured"));
        return;
    }
    if debrief.turning_points.is_empty() {
        ui.label(ui.t("debrief-turning-points-none"));
        return;
    }
    for &index in &debrief.turning_points {
        let turn = &debrief.turns[index];
        let Some(better) = &turn.better else {
            continue;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let said = ui.t_with("debrief-turn-you-said", &[("number", turn.number.into())]);
            ui.label(egui::RichText::new(said).strong());
            ui.label(format!("\"{}\"", ui.core_text(&turn.reply)));
            let header = ui.t_with("debrief-better-reply", &[("gain", better.gain.into())]);
            ui.label(egui::RichText::new(header).color(widgets::GOOD).strong());
            ui.label(format!("\"{}\"", ui.core_text(&better.text)));
            ui.label(egui::RichText::new(&better.coaching).weak());
        });
    }
}
