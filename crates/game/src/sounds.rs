//! Sound cues: a phone ringing when a call starts, a message arriving in a chat or an email,
//! and ticks when the customer's wait is running low. Which cue a moment of play calls for is
//! worked out here without a window ([`SoundCue`] messages, which headless tests read); they are
//! played through Bevy's audio by [`playback_plugin`], at the volume the settings ask for, or
//! not at all when muted. Every cue also has something to see (the ringing phone, a new
//! message, the timer bar), so nothing depends on hearing it.

use std::sync::Arc;

use bevy::audio::{AudioPlayer, AudioSource, PlaybackSettings, Volume};
use bevy::prelude::*;
use rapport_core::scenario::Channel;

use crate::play::{ActivePlay, Phase};
use crate::settings::Settings;

/// What the game decides to play; headless, so tests see it.
pub(super) fn plugin(app: &mut App) {
    app.add_message::<SoundCue>()
        .add_systems(Update, notice_cue_moments);
}

/// Plays the cues (needs Bevy's audio plugin, which the window's app has).
pub(super) fn playback_plugin(app: &mut App) {
    app.add_systems(Startup, load_cue_sounds)
        .add_systems(Update, play_cues.after(notice_cue_moments));
}

/// A sound the game plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// A phone call comes in.
    Ring,
    /// A chat or email message arrives.
    Message,
    /// The customer's wait is running low.
    TimerLow,
}

/// A moment of play that may call for a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The conversation starts (the customer's first line is on its way).
    Started,
    /// The customer answers a reply.
    CustomerSpoke,
    /// The time limit's wait has little left.
    WaitRunningLow,
}

/// The cue a moment calls for on a channel: a call rings, a chat or an email chimes with each
/// message, a shop counter is quiet (the customer is standing there), and a wait running low
/// ticks everywhere.
pub fn cue_for(channel: Channel, moment: Moment) -> Option<Cue> {
    match (moment, channel) {
        (Moment::WaitRunningLow, _) => Some(Cue::TimerLow),
        (Moment::Started, Channel::Phone) => Some(Cue::Ring),
        (Moment::Started | Moment::CustomerSpoke, Channel::Chat | Channel::Email) => {
            Some(Cue::Message)
        }
        (Moment::Started | Moment::CustomerSpoke, Channel::InPerson)
        | (Moment::CustomerSpoke, Channel::Phone) => None,
    }
}

/// Seconds of the customer's wait left when the low-time cue sounds: five, or half a wait
/// shorter than ten seconds.
pub fn low_wait_seconds(waiting: f32) -> f32 {
    (waiting * 0.5).min(5.0)
}

/// A cue to play now.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoundCue(pub Cue);

/// What has been cued for the session in play, so each moment sounds once.
#[derive(Default)]
struct Cued {
    uid: String,
    /// Exchanges in the transcript when the customer last spoke.
    spoken_after: usize,
    /// The exchange count at which the low-wait cue last sounded.
    warned_at: Option<usize>,
}

/// Watches the session in play for the moments that call for a cue.
fn notice_cue_moments(
    play: Option<Res<ActivePlay>>,
    settings: Res<Settings>,
    mut cued: Local<Cued>,
    mut cues: MessageWriter<SoundCue>,
) {
    let Some(play) = play else {
        return;
    };
    let channel = play.session.scenario().meta.channel;
    let turns = play.session.transcript().len();
    let mut moment = |moment: Moment| {
        if let Some(cue) = cue_for(channel, moment) {
            cues.write(SoundCue(cue));
        }
    };
    if cued.uid != play.uid {
        *cued = Cued {
            uid: play.uid.clone(),
            spoken_after: turns,
            warned_at: None,
        };
        moment(Moment::Started);
        return;
    }
    if matches!(play.phase, Phase::Speaking { .. }) && turns > cued.spoken_after {
        cued.spoken_after = turns;
        moment(Moment::CustomerSpoke);
    }
    if let (Phase::Choosing { waited }, Some(clock)) =
        (&play.phase, settings.silence_clock(&play.session))
    {
        let (reading, waiting) = clock.left(*waited);
        let low = reading <= 0.0 && waiting > 0.0 && waiting <= low_wait_seconds(clock.waiting);
        if low && cued.warned_at != Some(turns) && !play.paused {
            cued.warned_at = Some(turns);
            moment(Moment::WaitRunningLow);
        }
    }
}

/// The cues' sounds (`assets/sounds/`, synthesised by `assets/tools/make-sounds`), compiled in.
#[derive(Resource)]
struct CueSounds {
    ring: Handle<AudioSource>,
    message: Handle<AudioSource>,
    timer_low: Handle<AudioSource>,
}

fn load_cue_sounds(mut commands: Commands, mut sources: ResMut<Assets<AudioSource>>) {
    let mut add = |bytes: &'static [u8]| {
        sources.add(AudioSource {
            bytes: Arc::from(bytes),
        })
    };
    commands.insert_resource(CueSounds {
        ring: add(include_bytes!("../../../assets/sounds/ring.wav")),
        message: add(include_bytes!("../../../assets/sounds/message.wav")),
        timer_low: add(include_bytes!("../../../assets/sounds/timer-low.wav")),
    });
}

/// Plays each cue once, at the settings' volume; nothing when muted.
fn play_cues(
    mut cues: MessageReader<SoundCue>,
    settings: Res<Settings>,
    sounds: Option<Res<CueSounds>>,
    mut commands: Commands,
) {
    let Some(sounds) = sounds else {
        cues.clear();
        return;
    };
    for SoundCue(cue) in cues.read() {
        if settings.muted || settings.volume <= 0.0 {
            continue;
        }
        let handle = match cue {
            Cue::Ring => &sounds.ring,
            Cue::Message => &sounds.message,
            Cue::TimerLow => &sounds.timer_low,
        };
        commands.spawn((
            AudioPlayer::new(handle.clone()),
            PlaybackSettings {
                volume: Volume::Linear(settings.volume),
                ..PlaybackSettings::DESPAWN
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_rings_messages_chime_a_counter_is_quiet_and_a_low_wait_ticks_everywhere() {
        use Channel::*;
        assert_eq!(cue_for(Phone, Moment::Started), Some(Cue::Ring));
        assert_eq!(cue_for(Phone, Moment::CustomerSpoke), None);
        assert_eq!(cue_for(Chat, Moment::Started), Some(Cue::Message));
        assert_eq!(cue_for(Email, Moment::CustomerSpoke), Some(Cue::Message));
        assert_eq!(cue_for(InPerson, Moment::Started), None);
        assert_eq!(cue_for(InPerson, Moment::CustomerSpoke), None);
        for channel in [Phone, Chat, Email, InPerson] {
            assert_eq!(
                cue_for(channel, Moment::WaitRunningLow),
                Some(Cue::TimerLow)
            );
        }
        assert_eq!(low_wait_seconds(20.0), 5.0);
        assert_eq!(low_wait_seconds(6.0), 3.0);
    }

    /// The files are WAV, which the `wav` feature decodes.
    #[test]
    fn the_cue_sounds_are_short_wav_files() {
        for bytes in [
            &include_bytes!("../../../assets/sounds/ring.wav")[..],
            include_bytes!("../../../assets/sounds/message.wav"),
            include_bytes!("../../../assets/sounds/timer-low.wav"),
        ] {
            assert_eq!(&bytes[..4], b"RIFF");
            assert_eq!(&bytes[8..12], b"WAVE");
            // 22,050 samples a second, 2 bytes each: under a second and a half.
            assert!(bytes.len() < 22_050 * 2 * 3 / 2, "{} bytes", bytes.len());
        }
    }
}
