//! `rapport --demo-screenshots DIR`: drives the real window from the title to the debrief
//! along the best path of the first scenario (the first reply chosen from the list, then Tab
//! and every reply typed, as its own words), then the author view, saving a screenshot of each
//! screen, then quits.
//! The real-window check (`.ci/window-check`) runs it under Xvfb.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::RequestRedraw;

use crate::Screen;
use crate::library::Library;
use crate::play::{ActivePlay, FinishedPlay, Phase, PlayerAction};
use crate::results::Results;
use crate::screens::author::AuthorView;
use crate::screens::leaderboard::{Board, LeaderboardView};
use crate::screens::switcher::TraineeSwitcher;
use crate::settings::{Language, Settings, Theme};
use crate::typing::Hearing;
use rapport_core::analysis::Analysis;
use rapport_core::session::Choice;

/// Scenario the demo plays when the library has it, unless `RAPPORT_DEMO_SCENARIO` names
/// another file of the library.
const PREFERRED: &str = "billing-error-callback.ron";
/// Frames to let a screen settle before its screenshot.
const SETTLE: u32 = 45;
/// Frames after which the demo gives up waiting.
const GIVE_UP: u32 = 3_000;

/// Adds the scripted demo.
pub struct DemoPlugin {
    pub folder: PathBuf,
}

impl Plugin for DemoPlugin {
    fn build(&self, app: &mut App) {
        if let Err(error) = std::fs::create_dir_all(&self.folder) {
            error!("cannot create {}: {error}", self.folder.display());
        }
        app.insert_resource(Demo {
            folder: self.folder.clone(),
            step: Step::Title,
            frames: 0,
            total_frames: 0,
            best: Vec::new(),
            replies: 0,
            coaching_shot: false,
            play_shot: false,
            typing_shot: false,
            captured: 0,
            requested: 0,
        })
        .add_systems(Startup, demo_theme)
        .add_systems(Update, drive_demo);
    }
}

/// `RAPPORT_DEMO_THEME=high-contrast` runs the demo in the high-contrast theme (the
/// real-window check runs it in both).
/// `RAPPORT_DEMO_LANGUAGE=es` runs it in Spanish; otherwise in English, whatever the machine's
/// locale, so the screenshots are the same everywhere.
fn demo_theme(mut settings: ResMut<Settings>) {
    if std::env::var("RAPPORT_DEMO_THEME").is_ok_and(|theme| theme == "high-contrast") {
        settings.theme = Theme::HighContrast;
    }
    let language = std::env::var("RAPPORT_DEMO_LANGUAGE")
        .ok()
        .and_then(|tag| Language::from_tag(&tag))
        .unwrap_or(Language::English);
    settings.language = Some(language);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Title,
    Picker,
    Start,
    Play,
    Debrief,
    Leaderboard,
    Switcher,
    Author,
    Quit,
}

#[derive(Resource)]
struct Demo {
    folder: PathBuf,
    step: Step,
    frames: u32,
    total_frames: u32,
    best: Vec<Choice>,
    replies: usize,
    coaching_shot: bool,
    /// Whether the play screen has been captured (one turn behind it).
    play_shot: bool,
    /// Whether the text box for typed replies has been captured.
    typing_shot: bool,
    captured: usize,
    requested: usize,
}

fn screenshot(commands: &mut Commands, demo: &mut Demo, name: &str) {
    demo.requested += 1;
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(demo.folder.join(name)))
        .observe(|_: On<ScreenshotCaptured>, mut demo: ResMut<Demo>| demo.captured += 1);
}

#[allow(
    clippy::too_many_arguments,
    reason = "a test driver touching every screen's inputs"
)]
fn drive_demo(
    mut commands: Commands,
    mut demo: ResMut<Demo>,
    library: Res<Library>,
    screen: Res<State<Screen>>,
    play: Option<Res<ActivePlay>>,
    finished: Option<Res<FinishedPlay>>,
    mut author: ResMut<AuthorView>,
    (mut view, mut switcher, results): (
        ResMut<LeaderboardView>,
        ResMut<TraineeSwitcher>,
        Res<Results>,
    ),
    mut next_screen: ResMut<NextState<Screen>>,
    mut actions: MessageWriter<PlayerAction>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut exit: MessageWriter<AppExit>,
) {
    // Reactive rendering would otherwise wait for input that never comes.
    redraw.write(RequestRedraw);
    demo.frames += 1;
    demo.total_frames += 1;
    if demo.total_frames > GIVE_UP {
        error!("demo: gave up at step {:?}", demo.step);
        exit.write(AppExit::error());
        return;
    }
    let settled = demo.frames > SETTLE;
    match demo.step {
        Step::Title if settled && !library.entries.is_empty() => {
            screenshot(&mut commands, &mut demo, "01-title.png");
            next_screen.set(Screen::Picker);
            advance(&mut demo, Step::Picker);
        }
        Step::Picker if settled && demo.captured == demo.requested => {
            screenshot(&mut commands, &mut demo, "02-picker.png");
            advance(&mut demo, Step::Start);
        }
        Step::Start if settled && demo.captured == demo.requested => {
            let preferred =
                std::env::var("RAPPORT_DEMO_SCENARIO").unwrap_or_else(|_| PREFERRED.to_owned());
            let entry = library
                .get(&preferred)
                .filter(|entry| entry.scenario.is_some())
                .or_else(|| {
                    library
                        .entries
                        .iter()
                        .find(|entry| entry.scenario.is_some())
                });
            let Some(entry) = entry else {
                error!("demo: no playable scenario");
                exit.write(AppExit::error());
                return;
            };
            let scenario = entry
                .scenario
                .clone()
                .expect("filtered on a valid scenario");
            demo.best = Analysis::of(&scenario).best_choices();
            actions.write(PlayerAction::practice(entry.file.clone(), 1));
            advance(&mut demo, Step::Play);
        }
        Step::Play if *screen.get() == Screen::Debrief => advance(&mut demo, Step::Debrief),
        Step::Play => {
            let Some(play) = play else {
                return;
            };
            if demo.frames < 20 || demo.captured != demo.requested {
                return;
            }
            match &play.phase {
                Phase::Speaking { .. } => {
                    if demo.replies == 1 && !demo.play_shot {
                        // The second customer line, half spoken, with one turn behind it.
                        screenshot(&mut commands, &mut demo, "03-play.png");
                        demo.play_shot = true;
                    }
                    actions.write(PlayerAction::SkipLine);
                }
                // A short line may be out before the demo looks: the replies on offer, then.
                Phase::Choosing { .. } if demo.replies >= 1 && !demo.play_shot => {
                    screenshot(&mut commands, &mut demo, "03-play.png");
                    demo.play_shot = true;
                }
                // After the first reply, the rest are typed (Tab).
                Phase::Choosing { .. } if demo.replies >= 1 && !play.typing => {
                    actions.write(PlayerAction::SwitchInput);
                }
                Phase::Choosing { .. } if play.typing && !demo.typing_shot => {
                    screenshot(&mut commands, &mut demo, "03b-typing.png");
                    demo.typing_shot = true;
                }
                // Words being understood: wait; torn: the first of the two.
                Phase::Choosing { .. } if play.hearing != Hearing::Idle => {
                    if let Hearing::Asking(_) = play.hearing {
                        actions.write(PlayerAction::Meant(0));
                    }
                }
                Phase::Choosing { .. } => {
                    let Some(prompt) = play.session.prompt() else {
                        return;
                    };
                    // Silences are turns too: the next choice is the one after every turn.
                    let wanted = demo.best.get(play.session.transcript().len()).copied();
                    let typed = wanted
                        .filter(|_| play.typing)
                        .and_then(|choice| play.session.choice_text(choice));
                    if let Some(words) = typed {
                        actions.write(PlayerAction::Say(words.to_owned()));
                        demo.replies += 1;
                    } else if let Some(position) =
                        wanted.and_then(|c| prompt.options.iter().position(|o| *o == c))
                    {
                        actions.write(PlayerAction::Reply(position));
                        demo.replies += 1;
                    } else if wanted != Some(Choice::Silence) {
                        actions.write(PlayerAction::Reply(0));
                        demo.replies += 1;
                    }
                }
                Phase::Coaching(_) => {
                    if demo.replies == 2 && !demo.coaching_shot {
                        screenshot(&mut commands, &mut demo, "04-coaching.png");
                        demo.coaching_shot = true;
                        return;
                    }
                    actions.write(PlayerAction::Continue);
                }
                Phase::Debriefing => {}
            }
            demo.frames = 0;
        }
        Step::Debrief if settled => {
            screenshot(&mut commands, &mut demo, "05-debrief.png");
            next_screen.set(Screen::Leaderboard);
            advance(&mut demo, Step::Leaderboard);
        }
        Step::Leaderboard if settled && demo.captured == demo.requested => {
            view.board = Board::Progress;
            if demo.frames > SETTLE + 10 {
                screenshot(&mut commands, &mut demo, "06-leaderboard.png");
                switcher.open = true;
                switcher.known = results.known_trainees();
                advance(&mut demo, Step::Switcher);
            }
        }
        Step::Switcher if settled && demo.captured == demo.requested => {
            // Closed on the next step: the screenshot is of the frame this update leads to.
            screenshot(&mut commands, &mut demo, "07-switch-trainee.png");
            if let Some(play) = &finished {
                author.select(&play.file);
            }
            next_screen.set(Screen::Author);
            advance(&mut demo, Step::Author);
        }
        Step::Author if switcher.open => switcher.open = false,
        Step::Author if settled && demo.captured == demo.requested => {
            screenshot(&mut commands, &mut demo, "08-author.png");
            advance(&mut demo, Step::Quit);
        }
        Step::Quit if demo.captured == demo.requested && demo.frames > 10 => {
            info!(
                "demo: {} screenshots saved in {}",
                demo.captured,
                demo.folder.display()
            );
            exit.write(AppExit::Success);
        }
        _ => {}
    }
}

fn advance(demo: &mut Demo, step: Step) {
    demo.step = step;
    demo.frames = 0;
}
