//! The frame budget of the demo run: how long each frame took, by the screen (and, while
//! playing, the phase) it ended on. Written to `frame-budget.txt` beside the screenshots and
//! logged when the demo quits, so `.ci/window-check` shows the longest frame per screen.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;

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

/// The longest frame and the frame count of one screen.
#[derive(Debug, Clone, Copy, Default)]
struct ScreenFrames {
    longest: Duration,
    frames: u32,
    over_budget: u32,
}

#[derive(Resource, Default)]
struct FrameTimes {
    folder: PathBuf,
    /// When the frame being timed began, and the screen it ended on.
    began: Option<Instant>,
    ended_on: String,
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
        let entry = times.by_screen.entry(label).or_default();
        entry.frames += 1;
        entry.longest = entry.longest.max(took);
        if took > FRAME_BUDGET {
            entry.over_budget += 1;
        }
    }
    times.began = Some(now);
}

fn note_where_the_frame_ended(
    mut times: ResMut<FrameTimes>,
    frames: Res<bevy::diagnostic::FrameCount>,
    screen: Res<State<Screen>>,
    play: Option<Res<ActivePlay>>,
) {
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
        "Longest frame per screen (budget {} ms), start-up excluded:\n",
        FRAME_BUDGET.as_millis()
    );
    for (screen, frames) in &times.by_screen {
        report.push_str(&format!(
            "{screen:<20} longest {:>6.1} ms over {:>5} frames, {} over budget\n",
            frames.longest.as_secs_f64() * 1000.0,
            frames.frames,
            frames.over_budget
        ));
    }
    info!("frame budget\n{report}");
    let path = times.folder.join("frame-budget.txt");
    if let Err(error) = std::fs::write(&path, report) {
        error!("cannot write {}: {error}", path.display());
    }
}
