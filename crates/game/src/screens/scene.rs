//! Where the conversation happens, drawn for its channel: a call (its timer, and hold), a chat
//! window (when each message came, and the customer typing), an email thread (the subject, and
//! each email quoting the reply it answers) and a shop counter. The conversation itself is the
//! same on every channel; the scene is what a trainee would see around it at work.

use bevy_egui::egui::{self, Color32, RichText, Stroke};
use rapport_core::scenario::Channel;

use crate::play::{ActivePlay, Phase};
use crate::ui::theme::current;
use crate::ui::words::Tr;

/// `seconds` as a clock reads a call's length: `4:07`, `1:02:09`.
pub fn clock(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// When the customer's message of turn `turn` arrived and when the trainee answered it, in
/// seconds from the start: each turn lasts as long as the trainee took over it.
pub fn turn_times(millis: &[u32], turn: usize) -> (u64, u64) {
    let before: u64 = millis.iter().take(turn).map(|&m| u64::from(m)).sum();
    let answered = before + millis.get(turn).map_or(0, |&m| u64::from(m));
    (before / 1000, answered / 1000)
}

/// The strip under the title that says where the conversation is: the call and its timer,
/// the chat and whether the customer is typing, the email's subject, or the counter.
pub(super) fn scene_bar(ui: &mut egui::Ui, play: &ActivePlay, elapsed_seconds: u64) {
    let scenario = play.session.scenario();
    let name = scenario.customer.name.as_str();
    let palette = current(ui.ctx());
    egui::Frame::new()
        .fill(palette.customer_bubble)
        .corner_radius(egui::CornerRadius::same(6))
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| match scenario.meta.channel {
                Channel::Phone => {
                    let state = if play.paused {
                        ui.t("scene-phone-on-hold")
                    } else {
                        ui.t("scene-phone-connected")
                    };
                    let line = ui.t_with("scene-phone-call", &[("name", name.into())]);
                    ui.label(RichText::new(format!("☎  {line}")).strong());
                    ui.label(RichText::new(clock(elapsed_seconds)).monospace().size(16.0));
                    ui.label(RichText::new(state).weak());
                }
                Channel::Chat => {
                    let line = ui.t_with("scene-chat-with", &[("name", name.into())]);
                    ui.label(RichText::new(format!("💬  {line}")).strong());
                    let status = if customer_typing(play) {
                        ui.t_with("scene-chat-typing", &[("name", name.into())])
                    } else {
                        ui.t("scene-chat-online")
                    };
                    ui.label(RichText::new(status).weak());
                }
                Channel::Email => {
                    ui.vertical(|ui| {
                        let from = ui.t_with("scene-email-from", &[("name", name.into())]);
                        ui.label(RichText::new(format!("✉  {from}")).strong());
                        let subject = ui.t_with(
                            "scene-email-subject",
                            &[("title", scenario.meta.title.as_str().into())],
                        );
                        ui.label(subject);
                    });
                }
                Channel::InPerson => {
                    let line = ui.t_with("scene-counter", &[("name", name.into())]);
                    // The worktop drawn below is the sign of the place; no symbol the font lacks.
                    ui.label(RichText::new(line).strong());
                }
            });
        });
    if scenario.meta.channel == Channel::InPerson {
        counter(ui);
    }
    ui.add_space(4.0);
}

/// The shop counter between the trainee and the customer: a worktop with a till on it.
fn counter(ui: &mut egui::Ui) {
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 18.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, Color32::from_rgb(150, 108, 70));
    painter.line_segment(
        [rect.left_top(), rect.right_top()],
        Stroke::new(3.0, Color32::from_rgb(190, 150, 105)),
    );
    let till = egui::Rect::from_center_size(
        egui::pos2(rect.right() - 60.0, rect.top() + 2.0),
        egui::vec2(46.0, 14.0),
    );
    painter.rect_filled(till, 2.0, Color32::from_gray(70));
}

/// Whether a chat customer is typing: their next message is on its way (the line is being
/// revealed), which a chat window shows as "... is typing".
pub fn customer_typing(play: &ActivePlay) -> bool {
    play.session.scenario().meta.channel == Channel::Chat
        && matches!(play.phase, Phase::Speaking { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_timer_reads_like_a_clock_and_messages_keep_their_times() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(247), "4:07");
        assert_eq!(clock(3729), "1:02:09");
        let millis = [12_000, 30_500, 4_000];
        assert_eq!(turn_times(&millis, 0), (0, 12));
        assert_eq!(turn_times(&millis, 1), (12, 42));
        assert_eq!(turn_times(&millis, 3), (46, 46));
    }
}
