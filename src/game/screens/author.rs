//! The author view: every scenario with its validation status and path analysis, the
//! scenario drawn as a map (left to right, problems in red, the best path in green), and a
//! playtest from any node with chosen meters.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::futures::check_ready;
use bevy::tasks::{AsyncComputeTaskPool, Task};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::analysis::{Analysis, AnalysisReport};
use crate::game::Screen;
use crate::game::library::{Library, LibraryEntry};
use crate::game::play::PlayerAction;
use crate::game::ui::{root_ui, widgets};
use crate::scenario::model::{ContentHash, Meters, Scenario, Target};
use crate::session::{start_state, step};

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
    /// Shows `file`'s analysis and map.
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
    report: Result<AnalysisReport, String>,
    map: ScenarioMap,
}

/// A scenario laid out for drawing: columns by distance from the opening node.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioMap {
    pub boxes: Vec<MapBox>,
    pub arrows: Vec<MapArrow>,
    pub columns: usize,
    pub rows: usize,
}

/// A node or an ending on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapBox {
    pub id: String,
    pub column: usize,
    pub row: usize,
    pub is_ending: bool,
    pub problem: bool,
    pub on_best_path: bool,
}

/// A `next` link between two boxes (indices into `boxes`).
#[derive(Debug, Clone, PartialEq)]
pub struct MapArrow {
    pub from: usize,
    pub to: usize,
    pub on_best_path: bool,
}

/// Lays a scenario out left to right: nodes by breadth-first distance from `start`, nodes no
/// link reaches in the column after, endings last. Problems and the best path come from the
/// analysis report and the best choices.
pub fn layout(
    scenario: &Scenario,
    report: Option<&AnalysisReport>,
    best_steps: &[(u32, Target)],
) -> ScenarioMap {
    let node_count = scenario.nodes.len();
    let mut depth = vec![usize::MAX; node_count];
    depth[scenario.start as usize] = 0;
    let mut queue = VecDeque::from([scenario.start as usize]);
    while let Some(node) = queue.pop_front() {
        for target in targets(scenario, node) {
            if let Target::Node(next) = target
                && depth[next as usize] == usize::MAX
            {
                depth[next as usize] = depth[node] + 1;
                queue.push_back(next as usize);
            }
        }
    }
    let deepest = depth
        .iter()
        .copied()
        .filter(|d| *d != usize::MAX)
        .max()
        .unwrap_or(0);
    let unplaced = deepest + 1;
    let ending_column = if depth.contains(&usize::MAX) {
        deepest + 2
    } else {
        deepest + 1
    };
    let flagged = |id: &str| {
        report.is_some_and(|r| {
            r.unreached_nodes.iter().any(|n| n == id)
                || r.dead_ends.iter().any(|d| d.node == id)
                || r.endings.iter().any(|e| e.id == id && !e.reached)
        })
    };
    let mut rows_used: HashMap<usize, usize> = HashMap::new();
    let mut place = |column: usize| {
        let row = rows_used.entry(column).or_insert(0);
        *row += 1;
        *row - 1
    };
    let mut boxes = Vec::with_capacity(node_count + scenario.endings.len());
    let mut order: Vec<usize> = (0..node_count).collect();
    order.sort_by_key(|&n| (depth[n], n));
    let mut box_of_node = vec![0; node_count];
    for node in order {
        let column = if depth[node] == usize::MAX {
            unplaced
        } else {
            depth[node]
        };
        box_of_node[node] = boxes.len();
        let id = &scenario.nodes[node].id;
        boxes.push(MapBox {
            id: id.clone(),
            column,
            row: place(column),
            is_ending: false,
            problem: flagged(id),
            on_best_path: best_steps.iter().any(|(from, _)| *from as usize == node),
        });
    }
    let first_ending = boxes.len();
    for (index, ending) in scenario.endings.iter().enumerate() {
        boxes.push(MapBox {
            id: ending.id.clone(),
            column: ending_column,
            row: place(ending_column),
            is_ending: true,
            problem: flagged(&ending.id),
            on_best_path: best_steps
                .iter()
                .any(|(_, to)| *to == Target::Ending(index as u32)),
        });
    }
    let box_of = |target: Target| match target {
        Target::Node(node) => box_of_node[node as usize],
        Target::Ending(ending) => first_ending + ending as usize,
    };
    // One arrow per pair of boxes, green if any link between them is on the best path.
    let mut arrows: Vec<MapArrow> = Vec::new();
    for (node, &from) in box_of_node.iter().enumerate() {
        for target in targets(scenario, node) {
            let to = box_of(target);
            let on_best_path = best_steps.contains(&(node as u32, target));
            match arrows.iter_mut().find(|a| a.from == from && a.to == to) {
                Some(existing) => existing.on_best_path |= on_best_path,
                None => arrows.push(MapArrow {
                    from,
                    to,
                    on_best_path,
                }),
            }
        }
    }
    ScenarioMap {
        columns: ending_column + 1,
        rows: rows_used.values().copied().max().unwrap_or(0),
        boxes,
        arrows,
    }
}

fn targets(scenario: &Scenario, node: usize) -> impl Iterator<Item = Target> + '_ {
    let node = &scenario.nodes[node];
    node.responses
        .iter()
        .map(|r| r.next)
        .chain(node.silence.iter().map(|s| s.next))
}

/// The (node, where it led) steps of the analysis's best path.
fn best_steps(scenario: &Scenario, analysis: &Analysis) -> Vec<(u32, Target)> {
    let mut state = start_state(scenario);
    let mut steps = Vec::new();
    for choice in analysis.best_choices() {
        let Target::Node(node) = state.at else { break };
        let Ok(moved) = step(scenario, &state, choice) else {
            break;
        };
        let led_to = match choice {
            crate::session::Choice::Response(i) => {
                scenario.node(node).responses[usize::from(i)].next
            }
            crate::session::Choice::Silence => scenario
                .node(node)
                .silence
                .as_ref()
                .map_or(moved.state.at, |s| s.next),
        };
        steps.push((node, led_to));
        state = moved.state;
    }
    steps
}

fn summarise(scenario: &Scenario) -> AuthorSummary {
    match Analysis::of(scenario) {
        Ok(analysis) => {
            let report = analysis.report(scenario);
            let steps = best_steps(scenario, &analysis);
            AuthorSummary {
                hash: scenario.content_hash.clone(),
                map: layout(scenario, Some(&report), &steps),
                report: Ok(report),
            }
        }
        Err(error) => AuthorSummary {
            hash: scenario.content_hash.clone(),
            map: layout(scenario, None, &[]),
            report: Err(error.to_string()),
        },
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
    match &summary.report {
        Ok(report) => analysis_summary(ui, report),
        Err(error) => {
            ui.colored_label(widgets::BAD, error);
        }
    }
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
    for warning in &report.bias.warnings {
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

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = include_str!("../../../scenarios/_template.ron");

    #[test]
    fn the_map_puts_the_opening_first_and_endings_last() {
        let scenario = crate::scenario::load_valid("template.ron", SCENARIO).unwrap();
        let analysis = Analysis::of(&scenario).unwrap();
        let report = analysis.report(&scenario);
        let map = layout(&scenario, Some(&report), &best_steps(&scenario, &analysis));
        let opening = map.boxes.iter().find(|b| b.id == "opening").unwrap();
        assert_eq!((opening.column, opening.row), (0, 0));
        let details = map.boxes.iter().find(|b| b.id == "details").unwrap();
        assert_eq!(details.column, 1);
        assert!(
            map.boxes
                .iter()
                .filter(|b| b.is_ending)
                .all(|b| b.column == map.columns - 1)
        );
        // The best path: opening -> details -> resolved, drawn green.
        assert!(opening.on_best_path && details.on_best_path);
        assert!(
            map.boxes
                .iter()
                .find(|b| b.id == "resolved")
                .unwrap()
                .on_best_path
        );
        assert_eq!(map.arrows.iter().filter(|a| a.on_best_path).count(), 2);
        // Every ending of the template is reached, so nothing is red.
        assert!(map.boxes.iter().all(|b| !b.problem));
    }

    #[test]
    fn endings_no_play_reaches_are_marked_as_problems() {
        let text = SCENARIO.replace(
            "    endings: [",
            "    endings: [\n        EndingSpec(id: \"orphan\", outcome: Resolved, text: \"Never.\"),",
        );
        let scenario = crate::scenario::load_valid("orphan.ron", &text).unwrap();
        let report = Analysis::of(&scenario).unwrap().report(&scenario);
        let map = layout(&scenario, Some(&report), &[]);
        assert!(map.boxes.iter().find(|b| b.id == "orphan").unwrap().problem);
    }
}
