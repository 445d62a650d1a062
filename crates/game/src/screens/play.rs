//! The play screen: the customer (portrait, situation, meters), the conversation, and the
//! replies (a list, or a text box for the trainee's own words) or the coaching card. Keys: 1-9
//! reply, Space/Enter skip or continue, Tab switches between the list and typing, Esc pause.
//! While typing, Enter sends the words; "did you mean" takes 1 or 2, Backspace to say it again.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::play::{ActivePlay, Phase, PlayerAction};
use crate::settings::Settings;
use crate::typing::Hearing;
use crate::ui::words::{Arg, Tr};
use crate::ui::{root_ui, widgets};
use rapport_core::scenario::Channel;

use super::scene;
use rapport_core::understand::technique::Finding;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw_play
            .run_if(in_state(Screen::Play))
            .in_set(super::ScreenDrawing),
    );
}

/// Meter values as drawn, easing toward the real ones so a change is seen happening.
#[derive(Default)]
pub(crate) struct ShownMeters([f32; 3]);

fn draw_play(
    mut contexts: EguiContexts,
    play: Option<Res<ActivePlay>>,
    settings: Res<Settings>,
    time: Res<Time>,
    mut shown: Local<Option<ShownMeters>>,
    mut draft: Local<String>,
    mut actions: MessageWriter<PlayerAction>,
) -> Result {
    let Some(play) = play else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let asked = play_screen(
        ctx,
        &play,
        &settings,
        (&mut shown, &mut draft),
        time.delta_secs(),
    );
    actions.write_batch(asked);
    Ok(())
}

/// Draws the play screen for `play` and returns what the trainee asked for. Apart from the
/// system so that a test can draw it on a bare egui context (its accessibility tree).
pub(crate) fn play_screen(
    ctx: &egui::Context,
    play: &ActivePlay,
    settings: &Settings,
    (shown, draft): (&mut Option<ShownMeters>, &mut String),
    delta_secs: f32,
) -> Vec<PlayerAction> {
    let mut actions = Vec::new();
    let meters = play.session.meters();
    let target = [
        f32::from(meters.satisfaction),
        f32::from(meters.trust),
        f32::from(meters.patience),
    ];
    let shown = shown.get_or_insert_with(|| ShownMeters(target));
    // Reduced motion: the meters jump to their values.
    if settings.reduced_motion {
        shown.0 = target;
    }
    let mut moving = false;
    for (value, goal) in shown.0.iter_mut().zip(target) {
        let step = 60.0 * delta_secs;
        if (*value - goal).abs() <= step {
            *value = goal;
        } else {
            *value += step.copysign(goal - *value);
            moving = true;
        }
    }
    if moving {
        ctx.request_repaint();
    }

    let scenario = play.session.scenario();
    let customer = &scenario.customer;
    let mut root = root_ui(ctx, "play");
    egui::Panel::left("customer")
        .exact_size(300.0)
        .show(&mut root, |ui| {
            ui.add_space(8.0);
            ui.vertical_centered(|ui| {
                let portrait = rapport_core::portrait::for_session(
                    customer.portrait.as_deref(),
                    play.session.seed(),
                );
                widgets::portrait(ui, portrait, meters, 150.0);
                ui.label(egui::RichText::new(&customer.name).size(20.0).strong());
                let channel = ui.core("channel", scenario.meta.channel.label());
                ui.label(egui::RichText::new(channel).weak());
            });
            ui.add_space(8.0);
            let satisfaction = ui.t("play-meter-satisfaction");
            let trust = ui.t("play-meter-trust");
            let patience = ui.t("play-meter-patience");
            widgets::meter(ui, &satisfaction, shown.0[0], meters.satisfaction);
            widgets::meter(ui, &trust, shown.0[1], meters.trust);
            widgets::meter(ui, &patience, shown.0[2], meters.patience);
            ui.add_space(10.0);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("situation")
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(ui.t("play-situation")).strong());
                    ui.label(&customer.situation);
                    ui.add_space(10.0);
                    // On a call, pausing is putting the customer on hold.
                    let pause = if scenario.meta.channel == Channel::Phone {
                        ui.t("scene-phone-hold-button")
                    } else {
                        ui.t("play-pause-button")
                    };
                    if ui.button(pause).clicked() {
                        actions.push(PlayerAction::Pause);
                    }
                });
        });

    egui::Panel::bottom("replies").show(&mut root, |ui| {
        ui.add_space(6.0);
        if let Some(notice) = &play.notice {
            ui.colored_label(widgets::WARN, notice);
        }
        if play.stranded {
            let label = ui.t("play-restart");
            if widgets::action_button(ui, &label, "R").clicked() {
                actions.push(restart(play));
            }
        }
        match &play.phase {
            Phase::Coaching(exchange) => {
                ui.label(
                    egui::RichText::new(ui.t("play-coaching"))
                        .size(18.0)
                        .strong(),
                );
                widgets::tag_line(ui, &exchange.skills, &exchange.pitfalls);
                widgets::delta_line(ui, exchange.applied, exchange.after.meters);
                // The card is the last turn's: what the trainee's own words showed.
                if let Some(Some(typed)) = play.typed.last() {
                    your_words(ui, &typed.findings);
                }
                match &exchange.takeaway {
                    // The lesson in one line; the reasons on demand (W or a click).
                    Some(takeaway) => {
                        ui.label(egui::RichText::new(takeaway).size(17.0).strong());
                        let id = ui.make_persistent_id(("why", play.session.transcript().len()));
                        let mut why =
                            egui::collapsing_header::CollapsingState::load_with_default_open(
                                ui.ctx(),
                                id,
                                false,
                            );
                        if ui.input(|i| i.key_pressed(egui::Key::W)) {
                            why.toggle(ui);
                        }
                        why.show_header(ui, |ui| ui.label(ui.t("play-why")))
                            .body(|ui| ui.label(ui.core_text(&exchange.coaching)));
                    }
                    None => {
                        ui.label(ui.core_text(&exchange.coaching));
                    }
                }
                if exchange.walked_out {
                    ui.colored_label(widgets::BAD, ui.t("play-walked-out"));
                }
                let label = if play.session.is_finished() {
                    ui.t("play-see-debrief")
                } else {
                    ui.t("play-continue")
                };
                let enter = ui.t("play-key-enter");
                if widgets::action_button(ui, &label, &enter).clicked() {
                    actions.push(PlayerAction::Continue);
                }
            }
            Phase::Debriefing => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(ui.t("play-working-out-debrief"));
                });
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
            Phase::Speaking { .. } if play.card.is_some() => {
                ui.label(egui::RichText::new(ui.t("play-customer-reacts")).weak());
                ui.label(egui::RichText::new(ui.t("play-space-whole-line")).weak());
            }
            Phase::Speaking { .. } | Phase::Choosing { .. } => {
                if let Some(prompt) = play.session.prompt() {
                    if let (Some(clock), Phase::Choosing { waited }) =
                        (settings.silence_clock(&play.session), &play.phase)
                    {
                        let (reading, waiting) = clock.left(*waited);
                        let story_time = scenario
                            .node(prompt.node)
                            .silence
                            .as_ref()
                            .and_then(|silence| silence.story_time.as_deref());
                        if reading > 0.0 {
                            let seconds = format!("{reading:.0}");
                            let text =
                                ui.t_with("play-time-to-read", &[("seconds", seconds.into())]);
                            ui.label(egui::RichText::new(text).weak());
                        } else {
                            let seconds = Arg::from(format!("{waiting:.0}"));
                            let text = match story_time {
                                Some(story) => {
                                    let args = [("story", Arg::from(story)), ("seconds", seconds)];
                                    ui.t_with("play-waiting-in-story", &args)
                                }
                                None => ui.t_with("play-waiting", &[("seconds", seconds)]),
                            };
                            let spoken = text.clone();
                            ui.add(
                                egui::ProgressBar::new(waiting / clock.waiting.max(1.0))
                                    .fill(widgets::WARN)
                                    .text(text),
                            )
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::WidgetType::ProgressIndicator,
                                    true,
                                    &spoken,
                                )
                            });
                        }
                    }
                    if play.typing {
                        typing_box(ui, play, draft, &mut actions);
                        ui.add_space(6.0);
                        return;
                    }
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(ui.t("play-your-reply")).strong());
                        ui.label(egui::RichText::new(ui.t("play-tab-own-words")).weak());
                    });
                    for (position, choice) in prompt.options.iter().enumerate() {
                        let text = play.session.choice_text(*choice).unwrap_or_default();
                        let button = egui::Button::new(
                            egui::RichText::new(format!("{}. {text}", position + 1)).size(15.0),
                        )
                        .wrap()
                        .min_size([ui.available_width(), 30.0].into());
                        if ui.add(button).clicked() {
                            actions.push(PlayerAction::Reply(position));
                        }
                    }
                    if prompt.time_limit.is_some() && !settings.timers {
                        ui.label(egui::RichText::new(ui.t("play-timers-off")).weak());
                    }
                    if matches!(play.phase, Phase::Speaking { .. }) {
                        ui.label(egui::RichText::new(ui.t("play-space-whole-line")).weak());
                    }
                }
            }
        }
        ui.add_space(6.0);
    });

    let channel = scenario.meta.channel;
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.label(
            egui::RichText::new(&scenario.meta.title)
                .size(22.0)
                .strong(),
        );
        let elapsed = (rapport_core::calendar::now() - play.started_at).max(0) as u64;
        scene::scene_bar(ui, play, elapsed);
        if channel == Channel::Phone && !play.paused {
            // The call's timer runs on: redraw it each second.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .stick_to_bottom(true)
            .show(ui, |ui| {
                // A second speaker (a manager, a relative) is named on the nodes they speak at.
                let speaker = |node: u32| {
                    scenario
                        .nodes
                        .get(node as usize)
                        .and_then(|node| node.speaker.as_deref())
                        .unwrap_or(&customer.name)
                };
                let you = ui.t("play-you");
                // Chat and email show when each message came; an email quotes the reply it
                // answers.
                let timed = matches!(channel, Channel::Chat | Channel::Email);
                let at = |seconds: u64| timed.then(|| scene::clock(seconds));
                let mut last_reply: Option<String> = None;
                let turns = play.all_turns().count();
                for (number, exchange) in play.all_turns().enumerate() {
                    let prompt = &exchange.prompt;
                    let line = ui.core_text(&prompt.customer_line());
                    let (arrived, answered) = scene::turn_times(&play.millis, number);
                    let (arrived, answered) = (at(arrived), at(answered));
                    let quote = last_reply.as_deref().filter(|_| channel == Channel::Email);
                    widgets::message_bubble(
                        ui,
                        speaker(prompt.node),
                        &line,
                        true,
                        prompt.direction.as_deref(),
                        &widgets::BubbleExtras {
                            time: arrived.as_deref(),
                            quote,
                        },
                    );
                    // Typed: the trainee's own words, and what they were taken as below them.
                    let extras = widgets::BubbleExtras {
                        time: answered.as_deref(),
                        quote: None,
                    };
                    match play.typed.get(number) {
                        Some(Some(typed)) => {
                            let reply = ui.core_text(exchange.reply_shown());
                            let taken = ui.t_with("play-taken-as", &[("reply", reply.into())]);
                            widgets::message_bubble(
                                ui,
                                &you,
                                &typed.text,
                                false,
                                Some(&taken),
                                &extras,
                            );
                            last_reply = Some(typed.text.clone());
                        }
                        _ => {
                            let reply = ui.core_text(exchange.reply_shown());
                            widgets::message_bubble(ui, &you, &reply, false, None, &extras);
                            last_reply = Some(reply);
                        }
                    }
                }
                let current = play.current_line().map(|line| ui.core_text(&line));
                if let (Some(prompt), Some(line)) = (play.session.prompt(), current) {
                    let quote = last_reply.as_deref().filter(|_| channel == Channel::Email);
                    let (arrived, _) = scene::turn_times(&play.millis, turns);
                    let arrived = at(arrived);
                    if scene::customer_typing(play) && !settings.reduced_motion {
                        // A chat window shows that a message is being written, not its letters.
                        let name = speaker(prompt.node);
                        let typing = ui.t_with("scene-chat-typing", &[("name", name.into())]);
                        ui.label(egui::RichText::new(typing).italics().weak());
                    } else {
                        let visible = match play.phase {
                            Phase::Speaking { shown } if channel != Channel::Chat => {
                                line.chars().take(shown as usize).collect()
                            }
                            _ => line,
                        };
                        widgets::message_bubble(
                            ui,
                            speaker(prompt.node),
                            &visible,
                            true,
                            prompt.direction.as_deref(),
                            &widgets::BubbleExtras {
                                time: arrived.as_deref(),
                                quote,
                            },
                        );
                    }
                } else if let Some(ending) = play.session.ending() {
                    ui.label(egui::RichText::new(&ending.text).italics());
                }
            });
    });

    if play.paused {
        egui::Modal::new("pause".into()).show(ctx, |ui| {
            if play.session.scenario().meta.channel == Channel::Phone {
                ui.heading(ui.t("scene-phone-on-hold"));
                ui.label(ui.t("scene-phone-on-hold-note"));
            } else {
                ui.heading(ui.t("play-paused"));
                ui.label(ui.t("play-paused-note"));
            }
            let resume = ui.t("play-resume");
            if widgets::action_button(ui, &resume, "Esc").clicked() {
                actions.push(PlayerAction::Resume);
            }
            let abandon = ui.t("play-abandon");
            if widgets::action_button(ui, &abandon, "A").clicked() {
                actions.push(PlayerAction::Abandon);
            }
        });
        if ctx.input(|i| i.key_pressed(egui::Key::A)) {
            actions.push(PlayerAction::Abandon);
        }
    }
    if play.stranded && ctx.input(|i| i.key_pressed(egui::Key::R)) {
        actions.push(restart(play));
    }
    actions
}

/// What the trainee's own words showed, on the coaching card.
fn your_words(ui: &mut egui::Ui, found: &[Finding]) {
    if found.is_empty() {
        return;
    }
    ui.label(egui::RichText::new(ui.t("play-in-your-words")).strong());
    widgets::finding_lines(ui, found);
}

/// The text box for the trainee's own words, "did you mean" with the two closest replies, or
/// a note that the words are being understood.
fn typing_box(
    ui: &mut egui::Ui,
    play: &ActivePlay,
    draft: &mut String,
    actions: &mut Vec<PlayerAction>,
) {
    let mut heading = None;
    ui.horizontal(|ui| {
        heading = Some(ui.label(egui::RichText::new(ui.t("play-your-own-words")).strong()));
        ui.label(egui::RichText::new(ui.t("play-tab-list")).weak());
    });
    if let Some(notice) = &play.typing_notice {
        ui.label(egui::RichText::new(notice).weak().italics());
    }
    match &play.hearing {
        Hearing::Asking(heard) => {
            let said = ui.t_with("play-you-said", &[("text", (&heard.text).into())]);
            ui.label(said);
            ui.label(egui::RichText::new(ui.t("play-did-you-mean")).strong());
            for (position, choice) in heard.torn_between().into_iter().enumerate() {
                let text = play.session.choice_text(choice).unwrap_or_default();
                let button = egui::Button::new(
                    egui::RichText::new(format!("{}. {text}", position + 1)).size(15.0),
                )
                .wrap()
                .min_size([ui.available_width(), 30.0].into());
                if ui.add(button).clicked() {
                    actions.push(PlayerAction::Meant(position));
                }
            }
            let again = ui.t("play-say-again");
            let backspace = ui.t("play-key-backspace");
            if widgets::action_button(ui, &again, &backspace).clicked() {
                actions.push(PlayerAction::SayAgain);
            }
        }
        Hearing::Understanding(text) => {
            let said = ui.t_with("play-you-said", &[("text", text.into())]);
            ui.label(said);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(ui.t("play-understanding"));
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        Hearing::Idle => {
            let hint = ui.t("play-type-hint");
            let edit = egui::TextEdit::singleline(draft)
                .hint_text(hint)
                .char_limit(rapport_core::record::MAX_TYPED_CHARS)
                .desired_width(f32::INFINITY)
                .font(egui::TextStyle::Body);
            let mut response = ui.add(edit);
            if let Some(heading) = &heading {
                response = response.labelled_by(heading.id);
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if !play.paused && !response.has_focus() && !entered {
                response.request_focus();
            }
            if entered {
                if draft.trim().is_empty() {
                    // Enter on an empty box does what it does without one: the whole line.
                    if matches!(play.phase, Phase::Speaking { .. }) {
                        actions.push(PlayerAction::SkipLine);
                    }
                } else {
                    actions.push(PlayerAction::Say(std::mem::take(draft)));
                }
                response.request_focus();
            }
            if prompt_has_silence(play) {
                ui.label(egui::RichText::new(ui.t("play-silence-choice")).weak());
            }
        }
    }
}

fn prompt_has_silence(play: &ActivePlay) -> bool {
    play.session
        .prompt()
        .is_some_and(|prompt| prompt.time_limit.is_some())
}

/// The same session from the start on the scenario's new version, for the same purpose.
fn restart(play: &ActivePlay) -> PlayerAction {
    PlayerAction::Start {
        file: play.file.clone(),
        seed: play.session.seed(),
        origin: play.origin,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use bevy_egui::egui::accesskit::{Role, TreeUpdate};

    use super::*;
    use crate::play::PlayOrigin;

    /// Every piece of text a screen reader is given, by role.
    fn spoken(update: &TreeUpdate) -> Vec<(Role, String)> {
        update
            .nodes
            .iter()
            .filter_map(|(_, node)| {
                let text = node.label().or(node.value())?;
                Some((node.role(), text.to_owned()))
            })
            .collect()
    }

    /// The play screen drawn once, with AccessKit on, as a screen reader would get it.
    fn tree_of(play: &ActivePlay, settings: &Settings) -> Vec<(Role, String)> {
        let ctx = egui::Context::default();
        ctx.enable_accesskit();
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            ..Default::default()
        };
        let (mut shown, mut draft) = (None, String::new());
        // The first pass lays out, the second is what is shown.
        // No renderer here: the font textures each pass makes are let go.
        let mut first = ctx.run_ui(input(), |ui| {
            play_screen(ui.ctx(), play, settings, (&mut shown, &mut draft), 0.0);
        });
        first.textures_delta.clear();
        let mut output = ctx.run_ui(input(), |ui| {
            play_screen(ui.ctx(), play, settings, (&mut shown, &mut draft), 0.0);
        });
        output.textures_delta.clear();
        spoken(
            output
                .platform_output
                .accesskit_update
                .as_ref()
                .expect("AccessKit is on"),
        )
    }

    fn billing() -> ActivePlay {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/billing-error-callback.ron"
        );
        let scenario = rapport_core::scenario::load_file(std::path::Path::new(path))
            .scenario
            .expect("the shipped scenario loads");
        let mut play = ActivePlay::new(
            "billing-error-callback.ron".into(),
            Arc::new(scenario),
            7,
            PlayOrigin::Practice,
        );
        play.phase = Phase::Choosing { waited: 0.0 };
        play
    }

    #[test]
    fn a_screen_reader_gets_the_customer_the_line_the_meters_and_every_reply() {
        let play = billing();
        let settings = Settings::default();
        let tree = tree_of(&play, &settings);
        let says = |wanted: &str| tree.iter().any(|(_, text)| text.contains(wanted));
        let customer = &play.session.scenario().customer.name;
        assert!(says(customer), "{tree:?}");
        assert!(
            says(&play.current_line().unwrap()),
            "the customer's line: {tree:?}"
        );
        let meters = play.session.meters();
        for (name, value) in [
            ("Satisfaction", meters.satisfaction),
            ("Trust", meters.trust),
            ("Patience", meters.patience),
        ] {
            assert!(says(&format!("{name}: {value} of 100")), "{name}: {tree:?}");
        }
        // Every reply is a button a screen reader can name and press.
        let prompt = play.session.prompt().unwrap();
        for choice in &prompt.options {
            let text = play.session.choice_text(*choice).unwrap();
            assert!(
                tree.iter()
                    .any(|(role, said)| *role == Role::Button && said.contains(text)),
                "reply `{text}` is not a button: {tree:?}"
            );
        }
        // The billing call is on the phone: pausing is putting the customer on hold.
        assert!(
            tree.iter()
                .any(|(role, said)| *role == Role::Button && said.contains("Hold [Esc]"))
        );
        // The call's bar, and the portrait read as how the customer looks.
        assert!(says("Call with Marcus Reid"), "{tree:?}");
        assert!(says("The customer looks"), "{tree:?}");
    }

    #[test]
    fn typing_gives_a_screen_reader_a_text_box_and_the_coaching_card_is_read() {
        let mut play = billing();
        play.typing = true;
        let tree = tree_of(&play, &Settings::default());
        assert!(
            tree.iter().any(|(role, said)| matches!(
                role,
                Role::TextInput | Role::MultilineTextInput
            ) || said.contains("Type what you would say")),
            "{tree:?}"
        );
        // A reply given: its coaching card is read.
        let mut play = billing();
        let choice = play.session.prompt().unwrap().options[0];
        let exchange = play.session.choose(choice).unwrap().clone();
        play.phase = Phase::Coaching(Box::new(exchange.clone()));
        let tree = tree_of(&play, &Settings::default());
        let card = exchange.takeaway.as_deref().unwrap_or(&exchange.coaching);
        assert!(tree.iter().any(|(_, said)| said.contains(card)), "{tree:?}");
        assert!(
            tree.iter()
                .any(|(role, said)| *role == Role::Button && said.contains("Continue"))
        );
    }
}
