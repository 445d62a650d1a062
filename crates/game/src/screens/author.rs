//! The author view: every scenario with its validation status and path analysis, the
//! scenario drawn as a map (left to right, problems in red, the best path in green), and a
//! playtest from any node with chosen meters.

use std::collections::HashMap;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::library::{Library, LibraryEntry};
use crate::play::PlayerAction;
use crate::ui::{root_ui, widgets};
use rapport_core::analysis::map::{MapBox, ScenarioMap, best_steps, layout};
use rapport_core::analysis::{Analysis, AnalysisReport};
use rapport_core::scenario::model::{ContentHash, Meters, Scenario};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<AuthorView>().add_systems(
        EguiPrimaryContextPass,
        draw_author
            .run_if(in_state(Screen::Author))
            .in_set(super::ScreenDrawing),
    );
}

/// What the author view shows and remembers.
#[derive(Resource, Default)]
pub struct AuthorView {
    selected: Option<String>,
    /// Analyses by file, redone when the file's content changes.
    cache: HashMap<String, Summary>,
    playtest: Option<(String, Meters)>,
}

impl AuthorView {
    /// Shows `file`'s analysis and map (the screenshot driver opens the view on a file).
    #[cfg(feature = "dev")]
    pub fn select(&mut self, file: &str) {
        self.selected = Some(file.to_owned());
        self.playtest = None;
    }
}

/// A file's analysis: being computed off the UI thread (the largest shipped scenario has
/// 667,505 states, half a second of work), or ready.
enum Summary {
    Pending(ContentHash, Task<AuthorSummary>),
    Ready(Arc<AuthorSummary>),
}

impl Summary {
    fn hash(&self) -> &ContentHash {
        match self {
            Summary::Pending(hash, _) => hash,
            Summary::Ready(summary) => &summary.hash,
        }
    }
}

/// The analysis and map of one version of a scenario.
pub struct AuthorSummary {
    hash: ContentHash,
    report: AnalysisReport,
    map: ScenarioMap,
}

fn summarise(scenario: &Scenario) -> AuthorSummary {
    let analysis = Analysis::of(scenario);
    let report = analysis.report(scenario);
    let steps = best_steps(scenario, &analysis);
    AuthorSummary {
        hash: scenario.content_hash.clone(),
        map: layout(scenario, Some(&report), &steps),
        report,
    }
}

fn draw_author(
    mut contexts: EguiContexts,
    library: Res<Library>,
    mut view: ResMut<AuthorView>,
    mut actions: MessageWriter<PlayerAction>,
    mut next_screen: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "author");
    let view = &mut *view;
    egui::Panel::left("author-files")
        .exact_size(260.0)
        .show(&mut root, |ui| {
            if ui.button("< Menu [Esc]").clicked() {
                next_screen.set(Screen::Title);
            }
            ui.heading("Scenarios");
            for entry in &library.entries {
                let warnings = entry.diagnostics.iter().filter(|d| !d.is_error()).count();
                let (status, colour) = if entry.broken {
                    ("errors", widgets::BAD)
                } else if entry.duplicate_of.is_some() {
                    ("same id", widgets::BAD)
                } else if warnings > 0 {
                    ("warnings", widgets::WARN)
                } else {
                    ("ok", widgets::GOOD)
                };
                ui.horizontal(|ui| {
                    ui.colored_label(colour, format!("[{status}]"));
                    let selected = view.selected.as_deref() == Some(entry.file.as_str());
                    if ui.selectable_label(selected, &entry.file).clicked() {
                        view.selected = Some(entry.file.clone());
                        view.playtest = None;
                    }
                });
            }
        });
    egui::CentralPanel::default().show(&mut root, |ui| {
        let Some(entry) = view.selected.as_ref().and_then(|file| library.get(file)) else {
            ui.label("Pick a scenario on the left to see its analysis and map.");
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| details(ui, entry, view, &mut actions));
    });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next_screen.set(Screen::Title);
    }
    Ok(())
}

fn details(
    ui: &mut egui::Ui,
    entry: &LibraryEntry,
    view: &mut AuthorView,
    actions: &mut MessageWriter<PlayerAction>,
) {
    ui.heading(&entry.file);
    if let (Some(first), Some(loaded)) = (&entry.duplicate_of, &entry.loaded) {
        ui.colored_label(
            widgets::BAD,
            format!(
                "Scenario id `{}` is already used by {first}: results are stored under the id, so this file is not played until one of them gets a new id.",
                loaded.meta.id
            ),
        );
    }
    if !entry.rendered.is_empty() {
        egui::CollapsingHeader::new(if entry.broken { "Errors" } else { "Warnings" })
            .default_open(true)
            .show(ui, |ui| {
                ui.label(egui::RichText::new(&entry.rendered).monospace().size(12.0))
            });
    }
    let Some(scenario) = entry.scenario.clone() else {
        return;
    };
    if entry.broken {
        ui.colored_label(
            widgets::WARN,
            "Showing the last version that loaded without errors.",
        );
    }
    let fresh = view
        .cache
        .get(&entry.file)
        .is_some_and(|s| *s.hash() == scenario.content_hash);
    if !fresh {
        let to_analyse = Arc::clone(&scenario);
        let task = AsyncComputeTaskPool::get().spawn(async move { summarise(&to_analyse) });
        view.cache.insert(
            entry.file.clone(),
            Summary::Pending(scenario.content_hash.clone(), task),
        );
    }
    let Some(cached) = view.cache.get_mut(&entry.file) else {
        return;
    };
    if let Summary::Pending(_, task) = cached {
        match check_ready(task) {
            Some(done) => *cached = Summary::Ready(Arc::new(done)),
            None => {
                ui.spinner();
                ui.label("Exploring every path...");
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
                return;
            }
        }
    }
    let Summary::Ready(summary) = cached else {
        return;
    };
    let summary = Arc::clone(summary);
    if let Some(note) = summary.report.exactness.note() {
        ui.colored_label(widgets::WARN, note);
    }
    analysis_summary(ui, &summary.report);
    ui.add_space(8.0);
    ui.label(egui::RichText::new("Map").size(18.0).strong());
    ui.label(egui::RichText::new("Green: the best path. Red: unreachable, dead end or never reached. Click a node to playtest from it.").weak());
    if let Some(node) = draw_map(ui, &summary.map) {
        view.playtest = Some((node, scenario.customer.start));
    }
    if let Some((node, meters)) = &mut view.playtest {
        ui.group(|ui| {
            ui.label(egui::RichText::new(format!("Playtest from `{node}`")).strong());
            for (label, value) in [
                ("satisfaction", &mut meters.satisfaction),
                ("trust", &mut meters.trust),
                ("patience", &mut meters.patience),
            ] {
                ui.add(egui::Slider::new(value, 0..=100).text(label));
            }
            if widgets::action_button(ui, "Start playtest", "click").clicked() {
                actions.write(PlayerAction::Playtest {
                    file: entry.file.clone(),
                    node: node.clone(),
                    meters: *meters,
                });
            }
        });
    }
}

fn analysis_summary(ui: &mut egui::Ui, report: &AnalysisReport) {
    egui::Grid::new("analysis")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label("States explored");
            ui.label(format!(
                "{} ({} distinct paths)",
                report.states, report.distinct_paths
            ));
            ui.end_row();
            for (label, extreme) in [("Best", &report.best), ("Worst", &report.worst)] {
                ui.label(label);
                match extreme {
                    Some(e) => ui.label(format!(
                        "score {} -> `{}` ({}), CSAT {}/5, NPS {}",
                        e.score,
                        e.ending,
                        e.outcome.label(),
                        e.customer.csat,
                        e.customer.nps
                    )),
                    None => ui.colored_label(widgets::BAD, "no ending can be reached"),
                };
                ui.end_row();
            }
            ui.label("Endings");
            ui.vertical(|ui| {
                for ending in &report.endings {
                    if ending.reached {
                        ui.colored_label(
                            widgets::GOOD,
                            format!("{} ({}): reached", ending.id, ending.outcome.label()),
                        );
                    } else {
                        ui.colored_label(
                            widgets::BAD,
                            format!("{} ({}): never reached", ending.id, ending.outcome.label()),
                        );
                    }
                }
            });
            ui.end_row();
            ui.label("Dead ends");
            if report.dead_ends.is_empty() {
                ui.label("none");
            } else {
                let nodes: Vec<&str> = report.dead_ends.iter().map(|d| d.node.as_str()).collect();
                ui.colored_label(widgets::BAD, nodes.join(", "));
            }
            ui.end_row();
            ui.label("Dominated replies");
            ui.label(report.dominated.len().to_string());
            ui.end_row();
        });
    // What a trainee could learn instead of the skill, and where the scoring may mislead: the
    // same warnings `rapport analyze` prints.
    let warnings = report
        .bias
        .warnings
        .iter()
        .chain(&report.cues.warnings)
        .chain(&report.scoring.warnings);
    for warning in warnings {
        ui.colored_label(widgets::WARN, warning);
    }
}

/// Draws the map; returns the id of a node the author clicked.
fn draw_map(ui: &mut egui::Ui, map: &ScenarioMap) -> Option<String> {
    const BOX: egui::Vec2 = egui::vec2(150.0, 34.0);
    const GAP: egui::Vec2 = egui::vec2(60.0, 16.0);
    let size = egui::vec2(
        map.columns as f32 * (BOX.x + GAP.x),
        map.rows.max(1) as f32 * (BOX.y + GAP.y),
    );
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt("map")
        .max_height(420.0)
        .show(ui, |ui| {
            let (response, painter) = ui.allocate_painter(size, egui::Sense::hover());
            let origin = response.rect.min;
            let rect_of = |b: &MapBox| {
                egui::Rect::from_min_size(
                    origin
                        + egui::vec2(
                            b.column as f32 * (BOX.x + GAP.x),
                            b.row as f32 * (BOX.y + GAP.y),
                        ),
                    BOX,
                )
            };
            for arrow in &map.arrows {
                let (from_box, to_box) = (&map.boxes[arrow.from], &map.boxes[arrow.to]);
                let (from_rect, to_rect) = (rect_of(from_box), rect_of(to_box));
                // Forward links run right; links within a column run down or up; loops run left.
                let (from, to) = match from_box.column.cmp(&to_box.column) {
                    std::cmp::Ordering::Less => (from_rect.right_center(), to_rect.left_center()),
                    std::cmp::Ordering::Equal if from_box.row < to_box.row => {
                        (from_rect.center_bottom(), to_rect.center_top())
                    }
                    std::cmp::Ordering::Equal => (from_rect.center_top(), to_rect.center_bottom()),
                    std::cmp::Ordering::Greater => {
                        (from_rect.left_center(), to_rect.right_center())
                    }
                };
                let stroke = if arrow.on_best_path {
                    egui::Stroke::new(2.5, widgets::GOOD)
                } else {
                    egui::Stroke::new(1.0, egui::Color32::from_gray(110))
                };
                painter.arrow(from, to - from, stroke);
            }
            for (index, b) in map.boxes.iter().enumerate() {
                let rect = rect_of(b);
                let fill = if b.problem {
                    egui::Color32::from_rgb(110, 40, 36)
                } else if b.is_ending {
                    egui::Color32::from_rgb(40, 58, 80)
                } else {
                    egui::Color32::from_gray(55)
                };
                let stroke = if b.on_best_path {
                    egui::Stroke::new(2.5, widgets::GOOD)
                } else {
                    egui::Stroke::new(1.0, egui::Color32::from_gray(120))
                };
                painter.rect(rect, 6.0, fill, stroke, egui::StrokeKind::Inside);
                let label: String = if b.id.chars().count() > 18 {
                    b.id.chars().take(17).chain(std::iter::once('…')).collect()
                } else {
                    b.id.clone()
                };
                painter.text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    label,
                    egui::FontId::proportional(13.0),
                    egui::Color32::WHITE,
                );
                if !b.is_ending {
                    let hit = ui.interact(
                        rect,
                        ui.id().with(("map-node", index)),
                        egui::Sense::click(),
                    );
                    if hit
                        .on_hover_text(format!("{}: click to playtest from here", b.id))
                        .clicked()
                    {
                        clicked = Some(b.id.clone());
                    }
                }
            }
        });
    clicked
}
