//! The Bevy front end: a window with egui screens from the title to the debrief.
//!
//! [`GamePlugin`] holds everything that runs without a renderer (scenario assets, screens as
//! states, the play loop, results and matches) so headless tests can drive it through its
//! messages; [`UiPlugin`] adds egui and the screens' drawing. The game drives the core
//! `Session` and never scores anything itself.
//!
//! The modules are private; what a front end or a test needs is re-exported here.

mod cohort_view;
mod debriefing;
#[cfg(feature = "dev")]
mod dev_tools;
mod library;
mod matches;
mod play;
mod results;
mod screens;
mod server_link;
pub mod settings;
pub mod sounds;
mod typing;
mod ui;

use std::path::{Path, PathBuf};

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::winit::WinitSettings;
use rapport_core::trainee::Trainee;
use rapport_store::StoreLocation;

use crate::ui::words::Tr;

pub use cohort_view::{CohortView, Fetched};
pub use library::{Library, LibraryEntry, ScenarioChanged};
pub use matches::{MatchAction, MatchInProgress, MatchProblem, MatchStage, UnfinishedMatches};
pub use play::{ActivePlay, FinishedPlay, Phase, PlayOrigin, PlayerAction, SessionEnded};
pub use results::{Results, ResultsLocation, SavesInFlight, SessionSaved, SwitchTrainee};
pub use server_link::{ServerLink, SignInRequested, SignOutRequested};
pub use settings::Settings;
pub use typing::{Heard, Hearing, TypingConfig};

/// The screens, in the order a trainee meets them.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Title,
    Picker,
    Play,
    Debrief,
    /// Trainers: every scenario's status, analysis and map.
    Author,
    /// Rankings per scenario and per team, and the trainee's own progress.
    Leaderboard,
    /// A team match: setup, handovers between players, scoreboards, the final ranking.
    Match,
}

/// Everything the game needs that runs without a window.
pub struct GamePlugin;

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>()
            .init_resource::<CurrentTrainee>()
            .add_plugins((
                settings::plugin,
                library::plugin,
                play::plugin,
                debriefing::plugin,
                results::plugin,
                server_link::plugin,
                cohort_view::plugin,
                matches::plugin,
                typing::plugin,
                sounds::plugin,
            ));
    }
}

/// Adds egui and every screen's drawing. Needs a window; headless tests leave it out.
pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((ui::plugin, screens::plugin, sounds::playback_plugin));
    }
}

/// Who is at the keyboard now (as typed on the title screen, switched with F4, or the player
/// whose match turn it is).
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq, Deref, DerefMut)]
pub struct CurrentTrainee(pub Trainee);

/// Options the game starts with.
#[derive(Debug, Clone)]
pub struct GameOptions {
    /// Folder of scenario files (watched for changes).
    pub scenarios: PathBuf,
    /// Drive the game through every screen, save screenshots here, and quit.
    pub demo_screenshots: Option<PathBuf>,
    /// Where results are kept.
    pub store: StoreLocation,
}

/// When the game was started, to report the time to the first frame.
#[derive(Resource, Debug, Clone, Copy)]
struct Launched(std::time::Instant);

/// Logs how long the window took to show its first frame (docs/performance.md).
fn report_first_frame(
    frames: Res<bevy::diagnostic::FrameCount>,
    launched: Res<Launched>,
    mut reported: Local<bool>,
) {
    if !*reported && frames.0 >= 1 {
        *reported = true;
        info!(
            "first frame {} ms after start",
            launched.0.elapsed().as_millis()
        );
    }
}

/// Names the window in the language in use, and again whenever the language changes.
fn name_the_window(
    locale: Res<settings::Locale>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    if !locale.is_changed() {
        return;
    }
    let title = locale.t("title-window");
    for mut window in &mut windows {
        if window.title != title {
            window.title.clone_from(&title);
        }
    }
}

/// The asset settings that read scenarios from `folder` (absolute, so the game finds them
/// wherever it is started from).
pub fn asset_plugin(folder: &Path, watch: bool) -> AssetPlugin {
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    AssetPlugin {
        file_path: folder.display().to_string(),
        watch_for_changes_override: Some(watch),
        meta_check: AssetMetaCheck::Never,
        ..default()
    }
}

/// Opens the window and runs the game until it is closed.
pub fn run(options: GameOptions) -> AppExit {
    let launched = std::time::Instant::now();
    if !options.scenarios.is_dir() {
        eprintln!(
            "error: scenario folder not found: {}",
            options.scenarios.display()
        );
        return AppExit::error();
    }
    // Without a display the windowing library would panic; say what to do instead.
    let no_display = ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .all(|name| std::env::var_os(name).is_none_or(|value| value.is_empty()));
    if cfg!(target_os = "linux") && no_display {
        eprintln!(
            "error: no display to open the game window on (DISPLAY is not set).\n\
             Run it on a desktop or under `xvfb-run`, or play in the terminal: \
             rapport play --text {}/<scenario>.ron",
            options.scenarios.display()
        );
        return AppExit::error();
    }
    let mut app = App::new();
    app.insert_resource(Launched(launched))
        .add_systems(Last, report_first_frame)
        .add_systems(Update, name_the_window)
        .insert_resource(WinitSettings::desktop_app())
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        // Named in the trainee's language once the settings are read.
                        title: "Rapport".into(),
                        resolution: (1280, 800).into(),
                        ..default()
                    }),
                    ..default()
                })
                .set(asset_plugin(&options.scenarios, true)),
        )
        .add_plugins((GamePlugin, UiPlugin));
    // A demo run is a check, not a trainee: its sessions are kept in memory only.
    let data_dir = options.store.data_dir.clone();
    app.insert_resource(TypingConfig {
        model_dir: rapport_model::model_dir(data_dir.as_deref()),
        vectors_dir: data_dir.map(|dir| dir.join("embeddings")),
    });
    let keep = options.demo_screenshots.is_none().then_some(options.store);
    app.insert_resource(ResultsLocation(keep));
    if let Some(folder) = options.demo_screenshots {
        add_demo(&mut app, folder);
    }
    app.run()
}

/// The screenshot driver, in a build with the `dev` feature.
#[cfg(feature = "dev")]
fn add_demo(app: &mut App, folder: PathBuf) {
    app.add_plugins((
        dev_tools::FrameBudgetPlugin {
            folder: folder.clone(),
        },
        dev_tools::DemoPlugin { folder },
    ));
}

/// Without the `dev` feature there is no screenshot driver: say so instead of ignoring the flag.
#[cfg(not(feature = "dev"))]
fn add_demo(app: &mut App, folder: PathBuf) {
    error!(
        "--demo-screenshots {}: this build has no screenshot driver (built without the `dev` feature)",
        folder.display()
    );
    app.add_systems(Startup, |mut exit: MessageWriter<AppExit>| {
        exit.write(AppExit::error());
    });
}
