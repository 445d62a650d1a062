//! Small drawing functions every screen shares, so the look changes in one place.

use bevy_egui::egui::{self, Color32, RichText, Stroke, Vec2};

use rapport_core::scenario::format::{Pitfall, Skill};
use rapport_core::scenario::model::{Delta, Meters};

/// Accent colours, the same in every theme (see `theme`). Colour is never the only signal:
/// every meter also shows its number.
pub use super::theme::{BAD, GOOD, WARN};
use super::theme::{ON_ACCENT, current};
use super::words::Tr;

fn level_colour(value: f32) -> Color32 {
    if value >= 60.0 {
        GOOD
    } else if value >= 35.0 {
        WARN
    } else {
        BAD
    }
}

/// A labelled 0-100 meter showing its number; `shown` may lag the value to animate changes.
pub fn meter(ui: &mut egui::Ui, label: &str, shown: f32, value: u8) {
    let spoken = ui.t_with(
        "common-meter-value",
        &[("meter", label.into()), ("value", value.into())],
    );
    ui.horizontal(|ui| {
        ui.add_sized([96.0, 18.0], egui::Label::new(label));
        ui.add(
            egui::ProgressBar::new(shown / 100.0)
                .desired_width(170.0)
                .fill(level_colour(shown))
                .text(RichText::new(format!("{value}")).strong().color(ON_ACCENT)),
        )
        // A screen reader says which meter and its value, not a bare number.
        .widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::ProgressIndicator, true, &spoken)
        });
    });
}

/// What a channel adds to a message: the time it was sent (chat, email) and the earlier
/// message it quotes (email).
#[derive(Debug, Default)]
pub struct BubbleExtras<'a> {
    pub time: Option<&'a str>,
    pub quote: Option<&'a str>,
}

/// A message in the conversation (the customer's on the left, the trainee's on the right), with
/// what its channel adds.
pub fn message_bubble(
    ui: &mut egui::Ui,
    speaker: &str,
    text: &str,
    from_customer: bool,
    direction: Option<&str>,
    extras: &BubbleExtras,
) {
    let layout = if from_customer {
        egui::Layout::left_to_right(egui::Align::Min)
    } else {
        egui::Layout::right_to_left(egui::Align::Min)
    };
    ui.with_layout(layout, |ui| {
        let width = (ui.available_width() * 0.78).max(200.0);
        let palette = current(ui.ctx());
        egui::Frame::new()
            .fill(if from_customer {
                palette.customer_bubble
            } else {
                palette.trainee_bubble
            })
            .corner_radius(egui::CornerRadius::same(10))
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                ui.set_max_width(width);
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(speaker).small().strong());
                        if let Some(time) = extras.time {
                            ui.label(RichText::new(time).small().weak());
                        }
                    });
                    if let Some(direction) = direction {
                        ui.label(RichText::new(format!("({direction})")).italics().weak());
                    }
                    ui.label(text);
                    if let Some(quote) = extras.quote {
                        ui.add_space(4.0);
                        quoted(ui, quote);
                    }
                });
            });
    });
    ui.add_space(6.0);
}

/// An earlier message quoted under a reply, as an email client shows a thread: set in, behind a
/// bar, in the weaker text colour.
fn quoted(ui: &mut egui::Ui, quote: &str) {
    let bar = current(ui.ctx()).weak_text;
    let response = egui::Frame::new()
        .inner_margin(egui::Margin {
            left: 10,
            right: 0,
            top: 2,
            bottom: 2,
        })
        .show(ui, |ui| {
            ui.label(RichText::new(quote).weak());
        })
        .response;
    let rect = response.rect;
    ui.painter()
        .line_segment([rect.left_top(), rect.left_bottom()], Stroke::new(2.0, bar));
}

/// "+3" in green, "-5" in red, "0" plain.
pub fn signed(value: i16) -> RichText {
    match value {
        v if v > 0 => RichText::new(format!("+{v}")).color(GOOD),
        v if v < 0 => RichText::new(format!("{v}")).color(BAD),
        _ => RichText::new("0"),
    }
}

/// Skills shown (+) and pitfalls hit (-).
pub fn tag_line(ui: &mut egui::Ui, skills: &[Skill], pitfalls: &[Pitfall]) {
    ui.horizontal_wrapped(|ui| {
        for skill in skills {
            let name = ui.core("skill", skill.label());
            ui.label(RichText::new(format!("+ {name}")).color(GOOD).strong());
        }
        for pitfall in pitfalls {
            let name = ui.core("pitfall", pitfall.label());
            ui.label(RichText::new(format!("- {name}")).color(BAD).strong());
        }
        if skills.is_empty() && pitfalls.is_empty() {
            ui.label(RichText::new(ui.t("common-no-skill-shown")).weak());
        }
    });
}

/// The meter changes of one turn, with the values after.
pub fn delta_line(ui: &mut egui::Ui, delta: Delta, after: Meters) {
    ui.horizontal_wrapped(|ui| {
        for (name, change, value) in [
            (
                ui.t("common-satisfaction"),
                delta.satisfaction,
                after.satisfaction,
            ),
            (ui.t("common-trust"), delta.trust, after.trust),
            (ui.t("common-patience"), delta.patience, after.patience),
        ] {
            ui.label(name);
            ui.label(signed(change));
            ui.label(RichText::new(format!("({value})")).weak());
            ui.add_space(10.0);
        }
    });
}

/// CSAT as stars with the number beside (for screen readers and colour-blind players alike).
pub fn stars(ui: &mut egui::Ui, csat: u8) {
    let full = usize::from(csat.min(5));
    ui.label(
        RichText::new(format!(
            "{}{}  {csat}/5",
            "★".repeat(full),
            "☆".repeat(5 - full)
        ))
        .size(22.0)
        .color(WARN),
    );
}

/// The customer's portrait in the expression their meters show, framed in the colour of their
/// trust; read to a screen reader as how they look. Falls back to a drawn face if the picture
/// cannot be shown.
pub fn portrait(ui: &mut egui::Ui, portrait: &str, meters: Meters, size: f32) {
    let expression = rapport_core::portrait::Expression::of(meters);
    let (response, painter) = ui.allocate_painter(Vec2::splat(size), egui::Sense::hover());
    let rect = response.rect;
    let ring = Stroke::new(4.0, level_colour(f32::from(meters.trust)));
    painter.circle(
        rect.center(),
        size * 0.48,
        current(ui.ctx()).customer_bubble,
        ring,
    );
    match super::portraits::texture(ui.ctx(), portrait, expression) {
        Some(texture) => {
            let inner = rect.shrink(size * 0.06);
            painter.image(
                texture.id(),
                inner,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        None => drawn_face(&painter, rect.center(), size * 0.45, meters),
    }
    let looks = ui.t(&format!("common-looks-{}", expression.file_stem()));
    let spoken = looks.clone();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Image, true, &spoken));
    let hover = ui.t_with(
        "common-portrait-meters",
        &[
            ("satisfaction", meters.satisfaction.into()),
            ("trust", meters.trust.into()),
            ("patience", meters.patience.into()),
        ],
    );
    response.on_hover_text(format!("{looks}\n{hover}"));
}

/// A face drawn from the meters: the mouth follows satisfaction, the brows patience.
fn drawn_face(painter: &egui::Painter, centre: egui::Pos2, radius: f32, meters: Meters) {
    let mood = f32::from(meters.satisfaction) / 100.0;
    painter.circle_filled(centre, radius * 0.9, Color32::from_rgb(222, 190, 160));
    let eye_y = centre.y - radius * 0.2;
    for side in [-1.0, 1.0] {
        painter.circle_filled(
            egui::pos2(centre.x + side * radius * 0.35, eye_y),
            radius * 0.08,
            Color32::from_gray(40),
        );
        let anger = (1.0 - f32::from(meters.patience) / 100.0) * radius * 0.18;
        let inner = egui::pos2(
            centre.x + side * radius * 0.18,
            eye_y - radius * 0.2 + anger,
        );
        let outer = egui::pos2(
            centre.x + side * radius * 0.52,
            eye_y - radius * 0.25 - anger * 0.3,
        );
        painter.line_segment([inner, outer], Stroke::new(3.0, Color32::from_gray(60)));
    }
    let mouth_y = centre.y + radius * 0.4;
    let curve = (mood - 0.5) * radius * 0.5;
    let points: Vec<egui::Pos2> = (0..=12)
        .map(|i| {
            let t = i as f32 / 12.0 * 2.0 - 1.0;
            egui::pos2(centre.x + t * radius * 0.4, mouth_y + curve * (1.0 - t * t))
        })
        .collect();
    painter.add(egui::Shape::line(
        points,
        Stroke::new(3.0, Color32::from_gray(50)),
    ));
}

/// A big primary button with its keyboard shortcut in the label.
pub fn action_button(ui: &mut egui::Ui, text: &str, key_hint: &str) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(format!("{text}  [{key_hint}]")).size(16.0))
            .min_size(Vec2::new(160.0, 34.0)),
    )
}

/// Screen points of `values` (0-100) spread over `steps` steps across `rect`.
fn plot(rect: egui::Rect, values: &[f32], steps: f32) -> Vec<egui::Pos2> {
    values
        .iter()
        .enumerate()
        .map(|(step, value)| {
            egui::pos2(
                rect.left() + rect.width() * step as f32 / steps,
                rect.bottom() - rect.height() * value.clamp(0.0, 100.0) / 100.0,
            )
        })
        .collect()
}

/// One line of a [`line_chart`]: its name, colour and values (0-100), one per step.
pub struct Series<'a> {
    pub name: &'a str,
    pub colour: Color32,
    pub values: Vec<f32>,
}

/// Lines over steps on a 0-100 scale, with gridline labels and a legend (names as well as
/// colours, so colour is never the only signal).
pub fn line_chart(ui: &mut egui::Ui, series: &[Series], height: f32, footnote: &str) {
    let size = egui::vec2(ui.available_width().min(520.0), height);
    let (response, painter) = ui.allocate_painter(size, egui::Sense::hover());
    let rect = response.rect.shrink(6.0);
    painter.rect_stroke(
        rect,
        4.0,
        egui::Stroke::new(1.0, Color32::from_gray(90)),
        egui::StrokeKind::Inside,
    );
    for (value, label) in [(100.0, "100"), (50.0, "50"), (0.0, "0")] {
        let y = rect.bottom() - rect.height() * value / 100.0;
        painter.text(
            egui::pos2(rect.left() + 4.0, y),
            if value > 50.0 {
                egui::Align2::LEFT_TOP
            } else {
                egui::Align2::LEFT_BOTTOM
            },
            label,
            egui::FontId::proportional(11.0),
            Color32::from_gray(140),
        );
    }
    let steps = series
        .iter()
        .map(|line| line.values.len())
        .max()
        .unwrap_or(0)
        .saturating_sub(1)
        .max(1) as f32;
    // Readable without colour: each line has its own marker at every point, and its name at
    // its end.
    for (index, line) in series.iter().enumerate() {
        let points = plot(rect, &line.values, steps);
        if points.len() > 1 {
            painter.add(egui::Shape::line(
                points.clone(),
                egui::Stroke::new(2.5, line.colour),
            ));
        }
        for point in &points {
            marker(&painter, index, *point, line.colour);
        }
        if let Some(end) = points.last() {
            // Above its end, staggered per line, and never above the chart's frame.
            let lift = 8.0 + 12.0 * index as f32;
            let y = (end.y - lift).max(rect.top() + 12.0 * (index as f32 + 1.0) + 2.0);
            painter.text(
                egui::pos2(end.x - 6.0, y),
                egui::Align2::RIGHT_BOTTOM,
                line.name,
                egui::FontId::proportional(11.0),
                line.colour,
            );
        }
    }
    ui.horizontal_wrapped(|ui| {
        for (index, line) in series.iter().enumerate() {
            let (response, painter) =
                ui.allocate_painter(egui::vec2(14.0, 14.0), egui::Sense::hover());
            marker(&painter, index, response.rect.center(), line.colour);
            ui.colored_label(line.colour, line.name);
        }
        if !footnote.is_empty() {
            ui.label(RichText::new(footnote).weak());
        }
    });
}

/// The marker of the `index`th line of a chart: a circle, a square, a triangle, a diamond.
fn marker(painter: &egui::Painter, index: usize, at: egui::Pos2, colour: Color32) {
    let r = 4.0;
    match index % 4 {
        0 => {
            painter.circle_filled(at, r, colour);
        }
        1 => {
            painter.rect_filled(
                egui::Rect::from_center_size(at, egui::vec2(2.0 * r, 2.0 * r)),
                0.0,
                colour,
            );
        }
        2 => {
            painter.add(egui::Shape::convex_polygon(
                vec![
                    at + egui::vec2(0.0, -r - 1.0),
                    at + egui::vec2(r + 1.0, r),
                    at + egui::vec2(-r - 1.0, r),
                ],
                colour,
                Stroke::NONE,
            ));
        }
        _ => {
            painter.add(egui::Shape::convex_polygon(
                vec![
                    at + egui::vec2(0.0, -r - 1.0),
                    at + egui::vec2(r + 1.0, 0.0),
                    at + egui::vec2(0.0, r + 1.0),
                    at + egui::vec2(-r - 1.0, 0.0),
                ],
                colour,
                Stroke::NONE,
            ));
        }
    }
}

/// A small line of values (0-100) over time, with a dot on the latest.
pub fn sparkline(ui: &mut egui::Ui, values: &[f32], colour: Color32) {
    let (response, painter) = ui.allocate_painter(egui::vec2(220.0, 34.0), egui::Sense::hover());
    let rect = response.rect.shrink(3.0);
    painter.line_segment(
        [rect.left_bottom(), rect.right_bottom()],
        Stroke::new(1.0, Color32::from_gray(80)),
    );
    let points = plot(rect, values, values.len().saturating_sub(1).max(1) as f32);
    if let Some(latest) = points.last() {
        painter.circle_filled(*latest, 3.5, colour);
    }
    if points.len() > 1 {
        painter.add(egui::Shape::line(points, Stroke::new(2.0, colour)));
    }
}

/// What typed words showed, a line each: the habit (green when it helps, red when it hurts)
/// and the words that show it.
pub fn finding_lines(ui: &mut egui::Ui, found: &[rapport_core::understand::technique::Finding]) {
    for finding in found {
        let (sign, color) = if finding.technique.helps() {
            ("+", GOOD)
        } else {
            ("-", BAD)
        };
        ui.horizontal_wrapped(|ui| {
            let name = ui.core("technique", finding.technique.label());
            ui.colored_label(color, format!("{sign} {name}"));
            ui.label(egui::RichText::new(format!("\"{}\"", finding.evidence)).weak());
        });
    }
}
