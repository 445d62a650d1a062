//! The frame budget of the demo run: how long each frame took, by the screen (and, while
//! playing, the phase) it ended on. Written to `frame-budget.txt` beside the screenshots and
//! logged when the demo quits, so `.ci/window-check` shows the longest frame per screen.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;

use bevy::render::view::screenshot::Screenshot;

use crate::Screen;
use crate::play::{ActivePlay, Phase};

/// The budget a frame should stay within on every screen.
pub const FRAME_BUDGET: Duration = Duration::from_millis(50);

/// Records frame times for the demo run and writes them to `folder` at exit.
pub struct FrameBudgetPlugin {
    pub folder: PathBuf,
}

impl Plugin for FrameBudgetPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(FrameTimes {
            folder: self.folder.clone(),
            ..FrameTimes::default()
        })
        .add_systems(First, time_the_last_frame)
        .add_systems(Last, (note_where_the_frame_ended, write_at_exit).chain());
    }
}

/// The frame times of one screen. Frames that capture a screenshot (the demo's work, not the
/// game's: a read-back of the whole window and a PNG) are kept apart.
#[derive(Debug, Clone, Default)]
struct ScreenFrames {
    /// From one frame's start to the next: what the trainee sees.
    times: Vec<Duration>,
    /// The game's own part of each frame (the main schedule, egui's layout included), without
    /// drawing the pixels, which a software renderer does on the same two cores.
    work: Vec<Duration>,
    longest_capturing: Duration,
}

impl ScreenFrames {
    fn longest(times: &[Duration]) -> Duration {
        times.iter().copied().max().unwrap_or_default()
    }

    fn median(times: &[Duration]) -> Duration {
        let mut sorted = times.to_vec();
        sorted.sort_unstable();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }

    fn over_budget(&self) -> usize {
        self.times
            .iter()
            .filter(|took| **took > FRAME_BUDGET)
            .count()
    }
}

#[derive(Resource, Default)]
struct FrameTimes {
    folder: PathBuf,
    /// When the frame being timed began, the screen it ended on, and whether it captured a
    /// screenshot.
    began: Option<Instant>,
    ended_on: String,
    capturing: bool,
    /// How long the main schedule of the frame that just ended took.
    work: Duration,
    by_screen: BTreeMap<String, ScreenFrames>,
}

/// The label a frame is counted under: the screen, and the phase on the play screen.
fn label(screen: Screen, play: Option<&ActivePlay>) -> String {
    match (screen, play) {
        (Screen::Play, Some(play)) => {
            let phase = match play.phase {
                Phase::Speaking { .. } => "speaking",
                Phase::Choosing { .. } => "choosing",
                Phase::Coaching(_) => "coaching",
                Phase::Debriefing => "debriefing",
            };
            format!("Play ({phase})")
        }
        (screen, _) => format!("{screen:?}"),
    }
}

/// Counts the time since the previous frame began against the screen that frame ended on.
/// The frames before the first one shown (start-up) are not counted: the first-frame time
/// covers them.
fn time_the_last_frame(mut times: ResMut<FrameTimes>) {
    let now = Instant::now();
    if let Some(began) = times.began
        && !times.ended_on.is_empty()
    {
        let took = now - began;
        let label = times.ended_on.clone();
        let (capturing, work) = (times.capturing, times.work);
        let entry = times.by_screen.entry(label).or_default();
        if capturing {
            entry.longest_capturing = entry.longest_capturing.max(took);
        } else {
            entry.times.push(took);
            entry.work.push(work);
        }
    }
    times.began = Some(now);
}

fn note_where_the_frame_ended(
    mut times: ResMut<FrameTimes>,
    frames: Res<bevy::diagnostic::FrameCount>,
    screen: Res<State<Screen>>,
    play: Option<Res<ActivePlay>>,
    screenshots: Query<(), With<Screenshot>>,
) {
    times.capturing = !screenshots.is_empty();
    times.work = times.began.map(|began| began.elapsed()).unwrap_or_default();
    // Frame 0 is start-up: shaders, fonts and the first layout.
    times.ended_on = if frames.0 >= 1 {
        label(*screen.get(), play.as_deref())
    } else {
        String::new()
    };
}

fn write_at_exit(mut exit: MessageReader<AppExit>, times: Res<FrameTimes>) {
    if exit.read().next().is_none() {
        return;
    }
    let mut report = format!(
        "Frame times per screen (budget {} ms), start-up and screenshot frames excluded:\n",
        FRAME_BUDGET.as_millis()
    );
    let ms = |took: Duration| took.as_secs_f64() * 1000.0;
    for (screen, frames) in &times.by_screen {
        report.push_str(&format!(
            "{screen:<18} frame longest {:>5.1} ms, median {:>5.1} ms, {} of {:>3} over budget; game's own work longest {:>5.1} ms, median {:>4.1} ms; screenshot frames {:>5.1} ms\n",
            ms(ScreenFrames::longest(&frames.times)),
            ms(ScreenFrames::median(&frames.times)),
            frames.over_budget(),
            frames.times.len(),
            ms(ScreenFrames::longest(&frames.work)),
            ms(ScreenFrames::median(&frames.work)),
            ms(frames.longest_capturing),
        ));
    }
    info!("frame budget\n{report}");
    let path = times.folder.join("frame-budget.txt");
    if let Err(error) = std::fs::write(&path, report) {
        error!("cannot write {}: {error}", path.display());
    }
}
