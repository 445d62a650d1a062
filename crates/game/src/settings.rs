//! The trainee's preferences: the size of everything, the theme, motion, how the timers run,
//! assessment and typing. Read by the play loop (timers, motion) and the look (size, theme);
//! changed on the title screen, and kept between runs in `settings.ron` in the data folder.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;
use rapport_core::session::Session;
use rapport_core::session::reading::{ReadingSpeed, SilenceClock};
use serde::{Deserialize, Serialize};

use crate::results::ResultsLocation;
pub use crate::ui::theme::Theme;
pub use crate::ui::words::{Language, Words};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>()
        .init_resource::<SettingsFile>()
        .insert_resource(SystemLanguage(Language::from_system()))
        .insert_resource(Locale(Arc::new(Words::new(Language::English))))
        .add_systems(Startup, load_settings)
        .add_systems(PreUpdate, follow_language)
        .add_systems(Last, save_changed_settings);
}

/// The smallest and largest size of the interface (1.0 is 100%).
pub const UI_SCALES: std::ops::RangeInclusive<f32> = 1.0..=2.0;

/// Trainee preferences.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The size of everything on screen, text included: 1.0 (100%) to 2.0 (200%).
    pub ui_scale: f32,
    pub theme: Theme,
    /// No typewriter effect and no easing meters: everything appears at once.
    pub reduced_motion: bool,
    /// Whether time limits count down (off: silence is never chosen for you).
    pub timers: bool,
    /// How much longer every time limit runs (reading time and the customer's wait alike).
    pub timer_pace: TimerPace,
    /// How much reading time a time limit allows before it counts down.
    pub reading_speed: ReadingSpeed,
    /// Assessment mode: no coaching cards while playing; every card waits for the debrief.
    pub assessment: bool,
    /// Sessions start with a text box for the trainee's own words instead of the list of
    /// replies (Tab switches during play).
    pub typing: bool,
    /// The language of the screens and of scenarios that carry a translation; `None` follows
    /// the system's locale.
    pub language: Option<Language>,
    /// How loud the sound cues play: 0.0 (silent) to 1.0.
    pub volume: f32,
    /// No sound cues at all.
    pub muted: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_scale: 1.25,
            theme: Theme::Dark,
            reduced_motion: false,
            timers: true,
            timer_pace: TimerPace::Standard,
            reading_speed: ReadingSpeed::Average,
            assessment: false,
            typing: false,
            language: None,
            volume: 0.6,
            muted: false,
        }
    }
}

/// How long time limits run, for trainees who need longer (WCAG 2.2.1: timing adjustable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimerPace {
    #[default]
    Standard,
    /// Every time limit half as long again.
    Longer,
    /// Every time limit twice as long.
    Double,
}

impl TimerPace {
    pub const ALL: [TimerPace; 3] = [TimerPace::Standard, TimerPace::Longer, TimerPace::Double];

    pub fn factor(self) -> f32 {
        match self {
            TimerPace::Standard => 1.0,
            TimerPace::Longer => 1.5,
            TimerPace::Double => 2.0,
        }
    }

    /// The message id of the pace's name.
    pub fn label_id(self) -> &'static str {
        match self {
            TimerPace::Standard => "title-pace-standard",
            TimerPace::Longer => "title-pace-longer",
            TimerPace::Double => "title-pace-double",
        }
    }
}

/// The language the system's locale names (read once at start), for settings that follow it.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemLanguage(pub Language);

/// The words of the language in use, for systems that write a line to show later; screens read
/// theirs from the egui context (`ui::words`).
#[derive(Resource, Debug, Clone, Deref)]
pub struct Locale(pub Arc<Words>);

/// Keeps [`Locale`] in the language the settings ask for.
fn follow_language(
    settings: Res<Settings>,
    system: Res<SystemLanguage>,
    mut locale: ResMut<Locale>,
) {
    let wanted = settings.language_or(system.0);
    if locale.0.language() != wanted {
        locale.0 = Arc::new(Words::new(wanted));
    }
}

impl Settings {
    /// The language in use: the one chosen, else the system's.
    pub fn language_or(&self, system: Language) -> Language {
        self.language.unwrap_or(system)
    }

    /// The clock of the current prompt's time limit as these settings run it; `None` when the
    /// prompt has none or timers are off.
    pub fn silence_clock(&self, session: &Session) -> Option<SilenceClock> {
        if !self.timers {
            return None;
        }
        session
            .silence_after(self.reading_speed)
            .map(|clock| clock.scaled(self.timer_pace.factor()))
    }

    /// The same settings with every value in its range (a hand-edited file may hold anything).
    fn sanitized(mut self) -> Self {
        self.ui_scale = if self.ui_scale.is_finite() {
            self.ui_scale.clamp(*UI_SCALES.start(), *UI_SCALES.end())
        } else {
            Settings::default().ui_scale
        };
        self.volume = if self.volume.is_finite() {
            self.volume.clamp(0.0, 1.0)
        } else {
            Settings::default().volume
        };
        self
    }
}

/// Where the settings are kept: `settings.ron` in the data folder (none when results are not
/// kept, as in the demo run and most tests).
#[derive(Resource, Debug, Clone, Default)]
pub struct SettingsFile(pub Option<PathBuf>);

/// The file's name in the data folder.
pub const SETTINGS_FILE: &str = "settings.ron";

fn load_settings(
    location: Option<Res<ResultsLocation>>,
    mut file: ResMut<SettingsFile>,
    mut settings: ResMut<Settings>,
) {
    let path = location
        .and_then(|location| location.0.as_ref().and_then(|l| l.data_dir.clone()))
        .map(|dir| dir.join(SETTINGS_FILE));
    if let Some(text) = path
        .as_ref()
        .and_then(|path| std::fs::read_to_string(path).ok())
    {
        match ron::from_str::<Settings>(&text) {
            Ok(saved) => *settings = saved.sanitized(),
            // A damaged file is not fatal: the defaults, and it is written again on a change.
            Err(error) => warn!("settings ignored ({error}); using the defaults"),
        }
    }
    file.0 = path;
}

/// Writes the settings when the trainee changes one (to a side file, then renamed, so a crash
/// mid-write never leaves half a file). Compared by value: the settings panel borrows them
/// mutably every frame it is drawn, changed or not.
fn save_changed_settings(
    settings: Res<Settings>,
    file: Res<SettingsFile>,
    mut saved: Local<Option<Settings>>,
) {
    let Some(last) = saved.as_ref() else {
        *saved = Some(settings.clone());
        return;
    };
    if *last == *settings {
        return;
    }
    *saved = Some(settings.clone());
    let Some(path) = &file.0 else {
        return;
    };
    let text = match ron::ser::to_string_pretty(&*settings, ron::ser::PrettyConfig::default()) {
        Ok(text) => text,
        Err(error) => {
            warn!("settings not saved: {error}");
            return;
        }
    };
    let side = path.with_extension("ron.new");
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&side, text))
        .and_then(|()| std::fs::rename(&side, path));
    if let Err(error) = written {
        warn!("settings not saved to {}: {error}", path.display());
    }
}
