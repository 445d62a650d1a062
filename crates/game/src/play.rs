//! The play loop: the trainee's actions drive the core `Session`; this module only sequences
//! them (the customer's line appearing, the countdown, the coaching card) and never scores.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use rapport_core::calendar::now;
use rapport_core::debrief::Debrief;
use rapport_core::record::{SessionData, TypedReply};
use rapport_core::scenario::Scenario;
use rapport_core::scenario::model::{FlagSet, Meters, Target};
use rapport_core::session::{Choice, Exchange, MoveError, Session, State as EngineState};
use rapport_core::trainee::Trainee;

use crate::Screen;
use crate::library::{Library, ScenarioChanged};
use crate::settings::{Locale, Settings, Words};
use crate::typing::Hearing;
use crate::ui::words::Tr;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<PlayerAction>()
        .add_message::<SessionEnded>()
        // Both come with the window and input plugins; registered here too so the play loop
        // also runs in a headless app.
        .add_message::<RequestRedraw>()
        .init_resource::<ButtonInput<KeyCode>>()
        .add_systems(
            Update,
            (
                read_play_keys.run_if(in_state(Screen::Play)),
                start_requested_session,
                (
                    time_the_turn,
                    reveal_customer_line,
                    run_silence_timer,
                    apply_player_actions,
                    follow_scenario_reload,
                )
                    .chain()
                    .run_if(in_state(Screen::Play)),
                keep_redrawing_while_animating.run_if(in_state(Screen::Play)),
            )
                .chain()
                .in_set(PlaySystems),
        );
}

/// The play loop's systems, for those that follow a turn (the debrief).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaySystems;

/// Characters of the customer's line revealed per second.
pub const CHARS_PER_SECOND: f32 = 60.0;

/// What the trainee asks for on the play screen (from keys or buttons).
#[derive(Message, Debug, Clone, PartialEq)]
pub enum PlayerAction {
    /// Start `file` with `seed`; `origin` says what the session is for, and so where it goes
    /// when it ends.
    Start {
        file: String,
        seed: u64,
        origin: PlayOrigin,
    },
    /// An author's playtest: start `file` at node `node` with the given meters.
    Playtest {
        file: String,
        node: String,
        meters: Meters,
    },
    /// Show the rest of the customer's line at once.
    SkipLine,
    /// Pick the reply shown at this position (0-based).
    Reply(usize),
    /// Say this, in the trainee's own words: it is understood as one of the replies on offer.
    Say(String),
    /// Of the two replies the typed words were torn between, the trainee meant this one (0 or
    /// 1).
    Meant(usize),
    /// Neither of the two: the trainee says it again.
    SayAgain,
    /// Switch between choosing from the list and typing (Tab).
    SwitchInput,
    /// Close the coaching card.
    Continue,
    Pause,
    Resume,
    /// Leave without a score.
    Abandon,
}

impl PlayerAction {
    /// Practice on `file` with `seed`: the trainee's own session, debriefed at the end.
    pub fn practice(file: impl Into<String>, seed: u64) -> Self {
        PlayerAction::Start {
            file: file.into(),
            seed,
            origin: PlayOrigin::Practice,
        }
    }
}

/// What a session was started for. It travels with the session to [`SessionEnded`], so
/// whoever started it (the picker, a match) handles its end without the play loop knowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlayOrigin {
    /// The trainee practising: a debrief at the end, saved as theirs.
    #[default]
    Practice,
    /// A turn of a team match: back to the match's scoreboard, never to a debrief (the next
    /// player must not see how this one did it).
    MatchRound { round: usize, player: usize },
}

impl PlayOrigin {
    /// The screens after the session: (finished, abandoned).
    pub(crate) fn screens_after(self) -> (Screen, Screen) {
        match self {
            PlayOrigin::Practice => (Screen::Debrief, Screen::Picker),
            PlayOrigin::MatchRound { .. } => (Screen::Match, Screen::Match),
        }
    }
}

/// Where the current turn is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// The customer's line appears; `shown` characters so far.
    Speaking { shown: f32 },
    /// Replies are on offer; `waited` seconds so far.
    Choosing { waited: f32 },
    /// The coaching card for the last reply.
    Coaching(Box<Exchange>),
    /// The conversation is over and the trainee has read the last card; the debrief is being
    /// worked out (see the `debriefing` module) and the screen changes when it is ready.
    Debriefing,
}

/// The session being played.
#[derive(Resource, Debug, Clone)]
pub struct ActivePlay {
    /// The session's id, the same in the store, the outbox and on a results server.
    pub uid: String,
    pub file: String,
    /// What the session is for.
    pub origin: PlayOrigin,
    pub session: Session,
    pub phase: Phase,
    /// The coaching card for the reply just given, shown once the customer has reacted to it
    /// (consequence first, then the lesson).
    pub card: Option<Box<Exchange>>,
    pub paused: bool,
    /// Turns played before the scenario file was reloaded mid-session.
    pub earlier: Vec<Exchange>,
    /// A message for the trainee (reloads, broken saves).
    pub notice: Option<String>,
    /// Set when the reloaded file no longer has the current node: only a restart helps.
    pub stranded: bool,
    /// An author's playtest, or a session moved onto a reloaded file: not a trainee result.
    pub authoring: bool,
    /// Unix seconds.
    pub started_at: i64,
    /// Seconds the current prompt has been in front of the trainee (paused time excluded).
    pub turn_clock: f32,
    /// Milliseconds the trainee took over each choice so far.
    pub millis: Vec<u32>,
    /// Every coaching card is held for the debrief whatever the settings say (a round of a
    /// competition run as an assessment).
    pub assessed: bool,
    /// The trainee types replies instead of choosing them (Tab switches).
    pub typing: bool,
    /// What is being done with the words just typed.
    pub hearing: Hearing,
    /// The trainee's words for each turn of [`ActivePlay::all_turns`] they typed.
    pub typed: Vec<Option<TypedReply>>,
    /// How typed words are understood, once known (by the model, or by words and why).
    pub typing_notice: Option<String>,
    /// The language the session is shown in (a tag): the scenario's translation into it, where
    /// it has one.
    pub language: String,
}

impl ActivePlay {
    /// Starts `scenario` from its opening.
    pub fn new(file: String, scenario: Arc<Scenario>, seed: u64, origin: PlayOrigin) -> Self {
        ActivePlay {
            uid: rapport_core::record::new_uid(),
            file,
            origin,
            session: Session::new(scenario, seed),
            phase: Phase::Speaking { shown: 0.0 },
            card: None,
            paused: false,
            earlier: Vec::new(),
            notice: None,
            stranded: false,
            authoring: false,
            started_at: now(),
            turn_clock: 0.0,
            millis: Vec::new(),
            assessed: false,
            typing: false,
            hearing: Hearing::Idle,
            typed: Vec::new(),
            typing_notice: None,
            language: rapport_core::record::english(),
        }
    }

    /// The words typed for this session's own turns (not those before a reload).
    pub fn session_typed(&self) -> Vec<Option<TypedReply>> {
        let skip = self
            .typed
            .len()
            .saturating_sub(self.session.transcript().len());
        self.typed[skip..].to_vec()
    }

    /// Whether the trainee is typing at a prompt now: the text box is out, so keys are text.
    pub fn typing_now(&self) -> bool {
        self.typing
            && self.card.is_none()
            && matches!(self.phase, Phase::Speaking { .. } | Phase::Choosing { .. })
    }

    /// Every turn of this playthrough, across reloads.
    pub fn all_turns(&self) -> impl Iterator<Item = &Exchange> {
        self.earlier.iter().chain(self.session.transcript())
    }

    /// The customer's current line in full (reaction first).
    pub fn current_line(&self) -> Option<String> {
        Some(self.session.prompt()?.customer_line())
    }
}

/// A trainee's session ended: finished (with its debrief) or abandoned. Playtests and
/// sessions moved onto a reloaded file are authoring runs and are not reported.
#[derive(Message, Debug, Clone)]
pub struct SessionEnded {
    pub uid: String,
    /// What the session was started for: its handler is whoever started it.
    pub origin: PlayOrigin,
    pub session: Session,
    /// Milliseconds the trainee took over each choice.
    pub millis: Vec<u32>,
    /// The trainee's words for each turn they typed.
    pub typed: Vec<Option<TypedReply>>,
    pub debrief: Option<Debrief>,
    /// Unix seconds.
    pub started_at: i64,
    /// The language the session was shown in (a tag).
    pub language: String,
}

impl SessionEnded {
    /// The session as stored, played by `trainee`, ending now.
    pub fn data(&self, trainee: &Trainee) -> SessionData {
        SessionData {
            uid: self.uid.clone(),
            ..SessionData::of(
                trainee,
                &self.session,
                self.debrief.as_ref(),
                &self.millis,
                self.started_at,
                now(),
            )
            .with_typed(&self.typed)
            .in_language(&self.language)
        }
    }
}

/// The result shown on the debrief screen.
#[derive(Resource, Debug, Clone)]
pub struct FinishedPlay {
    pub file: String,
    pub seed: u64,
    pub debrief: Debrief,
    /// The trainee's words for each turn they typed.
    pub typed: Vec<Option<TypedReply>>,
}

fn read_play_keys(
    keys: Res<ButtonInput<KeyCode>>,
    play: Option<Res<ActivePlay>>,
    mut actions: MessageWriter<PlayerAction>,
) {
    const DIGITS: [KeyCode; 9] = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    let Some(play) = play else {
        return;
    };
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(if play.paused {
            PlayerAction::Resume
        } else {
            PlayerAction::Pause
        });
        return;
    }
    if play.paused {
        return;
    }
    if keys.just_pressed(KeyCode::Tab) && !matches!(play.phase, Phase::Debriefing) {
        actions.write(PlayerAction::SwitchInput);
    }
    if let Hearing::Asking(_) = play.hearing {
        if keys.just_pressed(KeyCode::Digit1) {
            actions.write(PlayerAction::Meant(0));
        } else if keys.just_pressed(KeyCode::Digit2) {
            actions.write(PlayerAction::Meant(1));
        } else if keys.just_pressed(KeyCode::Backspace) {
            actions.write(PlayerAction::SayAgain);
        }
        return;
    }
    // While typing, keys are the trainee's words: the text box sends them (and Enter on an
    // empty box shows the whole line).
    if play.typing_now() {
        return;
    }
    let proceed = keys.any_just_pressed([KeyCode::Space, KeyCode::Enter, KeyCode::NumpadEnter]);
    match play.phase {
        Phase::Speaking { .. } if proceed => {
            actions.write(PlayerAction::SkipLine);
        }
        Phase::Coaching(_) if proceed => {
            actions.write(PlayerAction::Continue);
        }
        Phase::Choosing { .. } | Phase::Speaking { .. } => {
            if let Some(position) = DIGITS.iter().position(|key| keys.just_pressed(*key)) {
                actions.write(PlayerAction::Reply(position));
            }
        }
        Phase::Coaching(_) | Phase::Debriefing => {}
    }
}

/// `Start` works from any screen: the picker, the debrief's retry, a test.
fn start_requested_session(
    mut commands: Commands,
    mut actions: MessageReader<PlayerAction>,
    library: Res<Library>,
    settings: Res<Settings>,
    locale: Res<Locale>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        let file = match action {
            PlayerAction::Start { file, .. } | PlayerAction::Playtest { file, .. } => file,
            _ => continue,
        };
        // Shown in the trainee's language where the scenario has a translation into it.
        let language = locale.language().tag();
        let Some(scenario) = library
            .get(file)
            .and_then(|entry| entry.scenario_in(language))
        else {
            warn!("cannot start {file}: it has no valid version");
            continue;
        };
        let mut active = match action {
            PlayerAction::Playtest { node, meters, .. } => {
                match playtest(file, scenario, node, *meters, &locale) {
                    Some(active) => active,
                    None => continue,
                }
            }
            PlayerAction::Start { seed, origin, .. } => {
                ActivePlay::new(file.clone(), scenario, *seed, *origin)
            }
            _ => continue,
        };
        active.typing = settings.typing;
        active.language = language.to_owned();
        commands.insert_resource(active);
        commands.remove_resource::<FinishedPlay>();
        next_screen.set(Screen::Play);
    }
}

/// An author's playtest of `file` from `node` with `meters`; no flags set, turn count zero.
/// Its notice is in `words`.
fn playtest(
    file: &str,
    scenario: Arc<Scenario>,
    node: &str,
    meters: Meters,
    words: &Words,
) -> Option<ActivePlay> {
    let Some(index) = scenario.nodes.iter().position(|n| n.id == node) else {
        warn!("cannot playtest {file} at `{node}`: no such node");
        return None;
    };
    let state = EngineState {
        at: Target::Node(index as u32),
        meters,
        flags: FlagSet::default(),
        turn: 0,
    };
    let mut active = ActivePlay::new(
        file.to_owned(),
        Arc::clone(&scenario),
        1,
        PlayOrigin::Practice,
    );
    active.session = Session::from_state(scenario, 1, state);
    let notice = words.t_with("play-notice-playtest", &[("node", node.into())]);
    active.notice = Some(notice);
    active.authoring = true;
    Some(active)
}

fn reveal_customer_line(
    time: Res<Time>,
    settings: Res<Settings>,
    play: Option<ResMut<ActivePlay>>,
) {
    let Some(mut play) = play else {
        return;
    };
    if play.paused {
        return;
    }
    if !matches!(play.phase, Phase::Speaking { .. }) {
        return;
    }
    // Reduced motion: no typewriter, the whole line at once.
    if settings.reduced_motion {
        line_spoken(&mut play);
        return;
    }
    let length = play.current_line().map_or(0, |line| line.chars().count()) as f32;
    if let Phase::Speaking { shown } = &mut play.phase {
        *shown += CHARS_PER_SECOND * time.delta_secs();
        if *shown >= length {
            line_spoken(&mut play);
        }
    }
}

/// Times how long the trainee takes over each choice, in wall-clock time: frames are drawn
/// only on input while waiting, and game time caps long frames.
fn time_the_turn(time: Res<Time<Real>>, play: Option<ResMut<ActivePlay>>) {
    let Some(mut play) = play else {
        return;
    };
    if !play.paused && matches!(play.phase, Phase::Speaking { .. } | Phase::Choosing { .. }) {
        play.turn_clock += time.delta_secs();
    }
}

/// Counts down a node's time limit after its reading time; when it runs out, the silence is
/// the trainee's choice.
fn run_silence_timer(time: Res<Time>, settings: Res<Settings>, play: Option<ResMut<ActivePlay>>) {
    let Some(mut play) = play else {
        return;
    };
    // Typed words being understood, or "did you mean": the customer's wait stands still.
    if play.paused || play.hearing != Hearing::Idle {
        return;
    }
    // The customer's wait starts once the trainee has had time to read the screen.
    let Some(clock) = settings.silence_clock(&play.session) else {
        return;
    };
    let Phase::Choosing { waited } = &mut play.phase else {
        return;
    };
    *waited += time.delta_secs();
    if clock.runs_out(*waited) {
        let hold = settings.assessment || play.assessed;
        take_choice(&mut play, Choice::Silence, hold, None);
    }
}

/// The customer's line is out: the card for the reply they reacted to, if one waits, then the
/// replies.
fn line_spoken(play: &mut ActivePlay) {
    play.phase = match play.card.take() {
        Some(card) => Phase::Coaching(card),
        None => Phase::Choosing { waited: 0.0 },
    };
}

/// Gives `choice` to the session, with the words the trainee typed for it. The customer
/// reacts first (their next line, or the ending); the coaching card follows, unless
/// `hold_coaching` (assessment mode) keeps every card for the debrief.
pub(crate) fn take_choice(
    play: &mut ActivePlay,
    choice: Choice,
    hold_coaching: bool,
    typed: Option<TypedReply>,
) {
    let exchange = match play.session.choose(choice) {
        Ok(exchange) => Box::new(exchange.clone()),
        Err(error) => {
            warn!("choice refused: {error}");
            return;
        }
    };
    play.typed.push(typed);
    play.hearing = Hearing::Idle;
    let millis = (play.turn_clock * 1000.0).round() as u32;
    play.millis.push(millis);
    play.turn_clock = 0.0;
    let card = (!hold_coaching).then_some(exchange);
    play.phase = match (play.session.is_finished(), card) {
        // The ending's text is the reaction; it is on screen with the last card.
        (true, Some(card)) => Phase::Coaching(card),
        (true, None) => Phase::Debriefing,
        (false, card) => {
            play.card = card;
            Phase::Speaking { shown: 0.0 }
        }
    };
}

fn apply_player_actions(
    mut commands: Commands,
    mut actions: MessageReader<PlayerAction>,
    mut ended: MessageWriter<SessionEnded>,
    play: Option<ResMut<ActivePlay>>,
    settings: Res<Settings>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    let Some(mut play) = play else {
        return;
    };
    let (_, after_abandon) = play.origin.screens_after();
    for action in actions.read() {
        match action {
            // A finished conversation is scored, whatever is pressed while its debrief is made.
            _ if play.phase == Phase::Debriefing => {}
            PlayerAction::Pause => play.paused = true,
            PlayerAction::Resume => play.paused = false,
            PlayerAction::Abandon => {
                // Abandoned sessions are not scored: no debrief, straight back to the library.
                if !play.authoring && play.session.scenario().meta.scored {
                    ended.write(SessionEnded {
                        uid: play.uid.clone(),
                        origin: play.origin,
                        session: play.session.clone(),
                        millis: play.millis.clone(),
                        typed: play.session_typed(),
                        debrief: None,
                        started_at: play.started_at,
                        language: play.language.clone(),
                    });
                }
                commands.remove_resource::<ActivePlay>();
                next_screen.set(after_abandon);
                return;
            }
            _ if play.paused || play.stranded => {}
            PlayerAction::SkipLine => {
                if matches!(play.phase, Phase::Speaking { .. }) {
                    line_spoken(&mut play);
                }
            }
            // While the customer reacts, the card for the last reply still waits to be read.
            PlayerAction::Reply(_) if play.card.is_some() => {}
            PlayerAction::Reply(position) => {
                let choice = match (&play.phase, play.session.prompt()) {
                    (Phase::Choosing { .. } | Phase::Speaking { .. }, Some(prompt)) => {
                        prompt.options.get(*position).copied()
                    }
                    _ => None,
                };
                if let Some(choice) = choice {
                    let hold = settings.assessment || play.assessed;
                    take_choice(&mut play, choice, hold, None);
                }
            }
            PlayerAction::SwitchInput => {
                play.typing = !play.typing;
                play.hearing = Hearing::Idle;
            }
            PlayerAction::Say(text) => {
                let at_prompt =
                    matches!(play.phase, Phase::Choosing { .. } | Phase::Speaking { .. });
                if play.card.is_none() && at_prompt && play.hearing == Hearing::Idle {
                    play.hearing = Hearing::Understanding(text.clone());
                }
            }
            PlayerAction::SayAgain => {
                if let Hearing::Asking(_) = play.hearing {
                    play.hearing = Hearing::Idle;
                }
            }
            PlayerAction::Meant(which) => {
                let Hearing::Asking(heard) = &play.hearing else {
                    continue;
                };
                let Some(picked) = heard.torn_between().get(*which).copied() else {
                    continue;
                };
                let typed = heard.typed_reply(Some(picked));
                let hold = settings.assessment || play.assessed;
                take_choice(&mut play, picked, hold, Some(typed));
            }
            PlayerAction::Continue => {
                if !matches!(play.phase, Phase::Coaching(_)) {
                    continue;
                }
                // The customer has already spoken: the card was shown after their line.
                play.phase = if play.session.is_finished() {
                    Phase::Debriefing
                } else {
                    Phase::Choosing { waited: 0.0 }
                };
            }
            PlayerAction::Start { .. } | PlayerAction::Playtest { .. } => {}
        }
    }
}

/// When the file being played changes on disk: carry on from the same node, meters and flags
/// in the new version if it is valid and still has the node; keep the old version if the new
/// save is broken.
fn follow_scenario_reload(
    mut changes: MessageReader<ScenarioChanged>,
    library: Res<Library>,
    locale: Res<Locale>,
    play: Option<ResMut<ActivePlay>>,
) {
    let Some(mut play) = play else {
        return;
    };
    for change in changes.read() {
        if change.file != play.file {
            continue;
        }
        let Some(entry) = library.get(&play.file) else {
            play.notice = Some(locale.t("play-notice-file-removed"));
            continue;
        };
        if entry.broken {
            play.notice = Some(format!(
                "{}\n{}",
                locale.t("play-notice-file-broken"),
                entry.rendered
            ));
            continue;
        }
        let Some(updated) = entry.scenario.clone() else {
            continue;
        };
        if updated.content_hash == play.session.scenario().content_hash {
            continue;
        }
        carry_over(&mut play, updated, &locale);
    }
}

/// Moves the session onto a new version of its scenario (the core keeps node, meters and
/// flags) and tells the trainee what happened, in `words`.
fn carry_over(play: &mut ActivePlay, updated: Arc<Scenario>, words: &Words) {
    match play.session.moved_onto(updated) {
        Ok(moved) => {
            let node_id = moved.current_node_id().unwrap_or_default().to_owned();
            let earlier: Vec<Exchange> = play.session.transcript().to_vec();
            play.earlier.extend(earlier);
            play.session = moved;
            play.phase = Phase::Speaking { shown: 0.0 };
            play.stranded = false;
            play.authoring = true;
            let notice = words.t_with("play-notice-reloaded", &[("node", node_id.into())]);
            play.notice = Some(notice);
        }
        Err(MoveError::Ended) => {
            play.notice = Some(words.t("play-notice-updated-after-end"));
        }
        Err(MoveError::NodeGone(node_id)) => {
            let notice = words.t_with("play-notice-node-gone", &[("node", node_id.into())]);
            play.notice = Some(notice);
            play.stranded = true;
        }
    }
}

/// Reactive rendering sleeps between inputs; while text appears or a countdown runs, ask for
/// the next frame.
fn keep_redrawing_while_animating(
    play: Option<Res<ActivePlay>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(play) = play else {
        return;
    };
    let animating = !play.paused
        && match play.phase {
            Phase::Speaking { .. } => true,
            Phase::Choosing { .. } => play
                .session
                .prompt()
                .is_some_and(|p| p.time_limit.is_some()),
            Phase::Coaching(_) => false,
            // Frames go on while the debrief is worked out, so its task is seen to finish.
            Phase::Debriefing => true,
        };
    if animating {
        redraw.write(RequestRedraw);
    }
}
