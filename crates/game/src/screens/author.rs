//! The author view: every scenario with its validation status and path analysis, the
//! scenario drawn as a map (left to right, problems in red, the best path in green), and a
//! playtest from any node with chosen meters. Signed in to a results server as a trainer, the
//! map also shows how a cohort of theirs played it (`cohort_view`).

use std::collections::HashMap;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::Screen;
use crate::cohort_view::{CohortView, Fetched, leads_cohorts};
use crate::library::{Library, LibraryEntry};
use crate::play::PlayerAction;
use crate::server_link::ServerLink;
use crate::ui::words::{Arg, Tr};
use crate::ui::{root_ui, widgets};
use rapport_core::analysis::map::{
    CohortOverlay, MapBox, ScenarioMap, best_steps, layout, overlay,
};
use rapport_core::analysis::{Analysis, AnalysisReport, Exactness};
use rapport_core::scenario::model::{ContentHash, Meters, Scenario};
use rapport_core::submission::CohortChoices;

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
    /// The cohort's figures laid over the map on screen, worked out once per fetch (not each
    /// frame): the figures they came from and the map they fit.
    overlay: Option<(Arc<CohortChoices>, ContentHash, Arc<CohortOverlay>)>,
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
    link: Res<ServerLink>,
    mut cohort: ResMut<CohortView>,
    mut actions: MessageWriter<PlayerAction>,
    mut next_screen: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx, "author");
    let view = &mut *view;
    egui::Panel::left("author-files")
        .exact_size(260.0)
        .show(&mut root, |ui| {
            if ui.button(ui.t("author-menu")).clicked() {
                next_screen.set(Screen::Title);
            }
            ui.heading(ui.t("author-scenarios"));
            for entry in &library.entries {
                let warnings = entry.diagnostics.iter().filter(|d| !d.is_error()).count();
                let (status, colour) = if entry.broken {
                    (ui.t("author-status-errors"), widgets::BAD)
                } else if entry.duplicate_of.is_some() {
                    (ui.t("author-status-same-id"), widgets::BAD)
                } else if warnings > 0 {
                    (ui.t("author-status-warnings"), widgets::WARN)
                } else {
                    (ui.t("author-status-ok"), widgets::GOOD)
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
            ui.label(ui.t("author-pick"));
            return;
        };
        let cohort = leads_cohorts(&link).then_some(&mut *cohort);
        egui::ScrollArea::vertical().show(ui, |ui| details(ui, entry, view, cohort, &mut actions));
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
    cohort: Option<&mut CohortView>,
    actions: &mut MessageWriter<PlayerAction>,
) {
    ui.heading(&entry.file);
    if let (Some(first), Some(loaded)) = (&entry.duplicate_of, &entry.loaded) {
        let text = ui.t_with(
            "author-duplicate-id",
            &[("id", (&loaded.meta.id).into()), ("first", first.into())],
        );
        ui.colored_label(widgets::BAD, text);
    }
    if !entry.rendered.is_empty() {
        let title = if entry.broken {
            ui.t("author-errors")
        } else {
            ui.t("author-warnings")
        };
        egui::CollapsingHeader::new(title)
            .default_open(true)
            .show(ui, |ui| {
                ui.label(egui::RichText::new(&entry.rendered).monospace().size(12.0))
            });
    }
    let Some(scenario) = entry.scenario.clone() else {
        return;
    };
    if entry.broken {
        ui.colored_label(widgets::WARN, ui.t("author-last-good"));
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
                ui.label(ui.t("author-exploring"));
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
    if let Exactness::Approximate { beam_width } = summary.report.exactness {
        let note = ui.t_with("author-approximate", &[("width", beam_width.into())]);
        ui.colored_label(widgets::WARN, note);
    }
    analysis_summary(ui, &summary.report);
    ui.add_space(8.0);
    ui.label(egui::RichText::new(ui.t("author-map")).size(18.0).strong());
    ui.label(egui::RichText::new(ui.t("author-map-legend")).weak());
    let cohort_overlay = cohort.and_then(|cohort| {
        cohort.want(&scenario.content_hash.0);
        let choices = cohort_choice(ui, cohort)?;
        match &view.overlay {
            Some((from, hash, laid)) if Arc::ptr_eq(from, &choices) && *hash == summary.hash => {
                Some(Arc::clone(laid))
            }
            _ => {
                let laid = Arc::new(overlay(&scenario, &summary.map, &choices));
                view.overlay = Some((choices, summary.hash.clone(), Arc::clone(&laid)));
                Some(laid)
            }
        }
    });
    if let Some(node) = draw_map(ui, &summary.map, cohort_overlay.as_deref()) {
        view.playtest = Some((node, scenario.customer.start));
    }
    if let (Some(figures), Some((node, _))) = (&cohort_overlay, &view.playtest) {
        cohort_replies(ui, &summary.map, figures, node);
    }
    if let Some((node, meters)) = &mut view.playtest {
        ui.group(|ui| {
            let title = ui.t_with("author-playtest-from", &[("node", (&*node).into())]);
            ui.label(egui::RichText::new(title).strong());
            for (label, value) in [
                ("satisfaction", &mut meters.satisfaction),
                ("trust", &mut meters.trust),
                ("patience", &mut meters.patience),
            ] {
                let name = ui.core("meter", label);
                ui.add(egui::Slider::new(value, 0..=100).text(name));
            }
            let (start, click) = (ui.t("author-start-playtest"), ui.t("author-key-click"));
            if widgets::action_button(ui, &start, &click).clicked() {
                actions.write(PlayerAction::Playtest {
                    file: entry.file.clone(),
                    node: node.clone(),
                    meters: *meters,
                });
            }
        });
    }
}

/// The cohort picker and the state of its figures; the figures, once they are here.
fn cohort_choice(ui: &mut egui::Ui, cohort: &mut CohortView) -> Option<Arc<CohortChoices>> {
    let mut figures = None;
    ui.horizontal(|ui| {
        ui.label(ui.t("author-cohort-play"));
        match &cohort.cohorts {
            None | Some(Fetched::Pending) => {
                ui.spinner();
                ui.label(ui.t("author-asking-server"));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
            Some(Fetched::Failed(error)) => {
                let text = ui.t_with("author-cohorts-failed", &[("error", error.into())]);
                ui.colored_label(widgets::BAD, text);
            }
            Some(Fetched::Ready(cohorts)) if cohorts.is_empty() => {
                ui.label(ui.t("author-no-cohort"));
            }
            Some(Fetched::Ready(cohorts)) => {
                let cohorts = cohorts.clone();
                let shown = cohort.selected.clone().unwrap_or_default();
                egui::ComboBox::from_id_salt("author-cohort")
                    .selected_text(&shown)
                    .show_ui(ui, |ui| {
                        for name in &cohorts {
                            if ui.selectable_label(*name == shown, name).clicked() {
                                cohort.select(name);
                            }
                        }
                    });
                match cohort.current() {
                    None | Some(Fetched::Pending) => {
                        ui.spinner();
                        ui.ctx()
                            .request_repaint_after(std::time::Duration::from_millis(100));
                    }
                    Some(Fetched::Failed(error)) => {
                        ui.colored_label(widgets::BAD, error);
                    }
                    Some(Fetched::Ready(choices)) => {
                        ui.label(ui.t_with(
                            "author-finished-sessions",
                            &[("count", choices.sessions.into())],
                        ));
                        figures = Some(Arc::clone(choices));
                    }
                }
                if ui.button(ui.t("author-refresh")).clicked() {
                    cohort.refresh();
                }
            }
        }
    });
    if figures.is_some() {
        ui.label(egui::RichText::new(ui.t("author-cohort-legend")).weak());
    }
    figures.filter(|choices| choices.sessions > 0)
}

/// What the cohort replied at `node`: each reply's share and the average final score of the
/// sessions that chose it.
fn cohort_replies(ui: &mut egui::Ui, map: &ScenarioMap, figures: &CohortOverlay, node: &str) {
    let Some(index) = map.boxes.iter().position(|b| b.id == node && !b.is_ending) else {
        return;
    };
    ui.group(|ui| {
        let title = ui.t_with("author-cohort-at", &[("node", node.into())]);
        ui.label(egui::RichText::new(title).strong());
        let replies = &figures.replies[index];
        if replies.is_empty() {
            ui.label(ui.t("author-no-session-reached"));
            return;
        }
        egui::Grid::new("cohort-replies")
            .num_columns(3)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                ui.label(egui::RichText::new(ui.t("author-chosen")).strong());
                ui.label(egui::RichText::new(ui.t("author-average-score")).strong());
                ui.label(egui::RichText::new(ui.t("author-reply")).strong());
                ui.end_row();
                for reply in replies {
                    ui.label(format!("{:.0}% ({})", reply.share, reply.times));
                    ui.label(format!("{:.0}", reply.average_score));
                    // One line each; the whole reply on hover.
                    let shown: String = if reply.text.chars().count() > 80 {
                        reply
                            .text
                            .chars()
                            .take(79)
                            .chain(std::iter::once('…'))
                            .collect()
                    } else {
                        reply.text.clone()
                    };
                    ui.label(shown).on_hover_text(&reply.text);
                    ui.end_row();
                }
            });
    });
}

fn analysis_summary(ui: &mut egui::Ui, report: &AnalysisReport) {
    egui::Grid::new("analysis")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label(ui.t("author-states-explored"));
            ui.label(ui.t_with(
                "author-states",
                &[
                    ("states", report.states.into()),
                    ("paths", report.distinct_paths.to_string().into()),
                ],
            ));
            ui.end_row();
            for (label, extreme) in [
                (ui.t("author-best"), &report.best),
                (ui.t("author-worst"), &report.worst),
            ] {
                ui.label(label);
                match extreme {
                    Some(e) => {
                        let text = ui.t_with(
                            "author-extreme",
                            &[
                                ("score", e.score.into()),
                                ("ending", (&e.ending).into()),
                                ("outcome", ui.core("outcome", e.outcome.label()).into()),
                                ("csat", e.customer.csat.into()),
                                ("nps", e.customer.nps.into()),
                            ],
                        );
                        ui.label(text)
                    }
                    None => ui.colored_label(widgets::BAD, ui.t("author-no-ending")),
                };
                ui.end_row();
            }
            ui.label(ui.t("author-endings"));
            ui.vertical(|ui| {
                for ending in &report.endings {
                    let args: [(&str, Arg); 2] = [
                        ("ending", (&ending.id).into()),
                        ("outcome", ui.core("outcome", ending.outcome.label()).into()),
                    ];
                    if ending.reached {
                        let text = ui.t_with("author-ending-reached", &args);
                        ui.colored_label(widgets::GOOD, text);
                    } else {
                        let text = ui.t_with("author-ending-never-reached", &args);
                        ui.colored_label(widgets::BAD, text);
                    }
                }
            });
            ui.end_row();
            ui.label(ui.t("author-dead-ends"));
            if report.dead_ends.is_empty() {
                ui.label(ui.t("author-none"));
            } else {
                let nodes: Vec<&str> = report.dead_ends.iter().map(|d| d.node.as_str()).collect();
                ui.colored_label(widgets::BAD, nodes.join(", "));
            }
            ui.end_row();
            ui.label(ui.t("author-dominated"));
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

/// The colour of a cohort's flow along the map's links.
const COHORT_FLOW: egui::Color32 = egui::Color32::from_rgba_premultiplied(40, 90, 160, 150);

/// Draws the map, with a cohort's play over it when given; returns the id of a node the author
/// clicked.
fn draw_map(
    ui: &mut egui::Ui,
    map: &ScenarioMap,
    cohort: Option<&CohortOverlay>,
) -> Option<String> {
    // Taller boxes when a cohort's count goes under each name.
    let box_size = egui::vec2(150.0, if cohort.is_some() { 44.0 } else { 34.0 });
    const GAP: egui::Vec2 = egui::vec2(60.0, 16.0);
    let size = egui::vec2(
        map.columns as f32 * (box_size.x + GAP.x),
        map.rows.max(1) as f32 * (box_size.y + GAP.y),
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
                            b.column as f32 * (box_size.x + GAP.x),
                            b.row as f32 * (box_size.y + GAP.y),
                        ),
                    box_size,
                )
            };
            let most_taken = cohort
                .and_then(|c| c.taken.iter().copied().max())
                .unwrap_or(0)
                .max(1);
            for (arrow_index, arrow) in map.arrows.iter().enumerate() {
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
                // The cohort's flow underneath, as wide as it was taken often.
                if let Some(taken) = cohort.map(|c| c.taken[arrow_index]).filter(|t| *t > 0) {
                    let width = 2.0 + 8.0 * taken as f32 / most_taken as f32;
                    painter.line_segment([from, to], egui::Stroke::new(width, COHORT_FLOW));
                }
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
                } else if let Some(cohort) = cohort {
                    // From grey (nobody) to blue (every session).
                    let reach = cohort.reach(index);
                    let blend = |grey: f32, blue: f32| (grey + (blue - grey) * reach) as u8;
                    egui::Color32::from_rgb(
                        blend(55.0, 24.0),
                        blend(55.0, 82.0),
                        blend(55.0, 150.0),
                    )
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
                let visits = cohort.map(|c| c.visits[index]);
                let label_at = if visits.is_some() {
                    rect.center() - egui::vec2(0.0, 8.0)
                } else {
                    rect.center()
                };
                painter.text(
                    label_at,
                    egui::Align2::CENTER_CENTER,
                    label,
                    egui::FontId::proportional(13.0),
                    egui::Color32::WHITE,
                );
                if let (Some(visits), Some(cohort)) = (visits, cohort) {
                    // The figure in words too, so the shading is not the only sign.
                    let percent = visits as f32 * 100.0 / cohort.sessions.max(1) as f32;
                    painter.text(
                        rect.center() + egui::vec2(0.0, 10.0),
                        egui::Align2::CENTER_CENTER,
                        format!("{visits} ({percent:.0}%)"),
                        egui::FontId::proportional(11.0),
                        egui::Color32::from_gray(225),
                    );
                }
                if !b.is_ending {
                    let hit = ui.interact(
                        rect,
                        ui.id().with(("map-node", index)),
                        egui::Sense::click(),
                    );
                    let hover = ui.t_with("author-node-hover", &[("node", (&b.id).into())]);
                    if hit.on_hover_text(hover).clicked() {
                        clicked = Some(b.id.clone());
                    }
                }
            }
        });
    clicked
}
