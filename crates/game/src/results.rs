//! Results that last: opens the local store, saves every trainee session that ends, and
//! keeps the trainee's best scores and the last trainee for the title screen and picker.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use bevy::prelude::*;
use bevy::tasks::{IoTaskPool, Task, block_on, futures_lite::future};

use rapport_core::record::SessionData;
use rapport_core::trainee::Trainee;
use rapport_store::outbox::{Outbox, Waiting};
use rapport_store::{
    HistoryRow, MatchSlot, Played, Standing, Store, StoreError, StoreLocation, TeamStanding,
};

use crate::play::{PlayOrigin, SessionEnded};
use crate::settings::Locale;
use crate::ui::words::{Tr, Words};
use crate::{CurrentTrainee, Screen};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Results>()
        .init_resource::<SavesInFlight>()
        .add_message::<SwitchTrainee>()
        .add_message::<SessionSaved>()
        .add_systems(Startup, open_results_store)
        .add_systems(OnEnter(Screen::Picker), remember_trainee_and_load_best)
        .add_systems(OnEnter(Screen::Leaderboard), load_boards)
        .add_systems(
            Update,
            (save_ended_sessions, finish_saves, switch_trainee).chain(),
        )
        .add_systems(Last, finish_saves_before_exit);
}

/// Play as someone else from now on (the trainee switcher sends it).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct SwitchTrainee(pub Trainee);

/// What the leaderboard screen shows, read from the store when it opens.
#[derive(Debug, Clone, Default)]
pub struct Boards {
    /// Per scenario: best and average score, sessions, best CSAT.
    pub scenarios: Vec<Standing>,
    /// Per scenario id: its trainees, best first.
    pub trainees_by_scenario: HashMap<String, Vec<Standing>>,
    /// Every trainee across scenarios, best first.
    pub trainees: Vec<Standing>,
    pub teams: Vec<TeamStanding>,
    /// The current trainee's sessions, oldest first.
    pub history: Vec<HistoryRow>,
    /// Whose history it is.
    pub trainee: String,
    /// Whether the boards rank sessions played by choosing or by typing.
    pub played: Played,
}

/// How long a save waits for another writer holding the store, per try.
const GAME_WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Where the store lives: `None` keeps results in memory for this run only (demo runs, which
/// are checks, not trainees). Without this resource nothing is kept at all.
#[derive(Resource, Debug, Clone)]
pub struct ResultsLocation(pub Option<StoreLocation>);

/// The store and what the screens show from it.
#[derive(Resource, Default)]
pub struct Results {
    /// What the screens read and the small writes they make (who is playing).
    store: Option<Arc<Mutex<Store>>>,
    /// The connection sessions are saved through, on tasks: a second one, so a save waiting
    /// for another writer never holds up the screens' reads (the same one for a store kept in
    /// memory, which only this run sees).
    saver: Option<Arc<Mutex<Store>>>,
    /// Where a finished session waits when the store cannot take it.
    outbox: Option<Outbox>,
    /// Why results are not being saved: the store's own error, which the screens word in the
    /// trainee's language.
    pub problem: Option<String>,
    /// The results are on a shared PostgreSQL store rather than this machine's file.
    pub shared: bool,
    /// What happened to the last session's save when it did not reach the store, shown on the
    /// debrief (cleared by the next save that lands).
    pub save_notice: Option<String>,
    /// The current trainee's best score per scenario id.
    pub best: HashMap<String, u8>,
    /// Who played last, as found in the store at start.
    pub last_trainee: Option<Trainee>,
    /// The leaderboards, as of the last time the screen opened.
    pub boards: Boards,
}

/// What became of one session's save, worked out on a task.
struct SaveOutcome {
    /// The session is in the store or, failing that, complete in the outbox.
    safe: bool,
    /// Why the session is not in the store; `None` when it is.
    unsaved: Option<Unsaved>,
}

/// Why a session did not reach the store, told to the trainee once the save is collected (in
/// the language of that moment: the save runs on a task, which has no words). `reason` is the
/// store's error, or `None` when there is no store and nothing said why.
enum Unsaved {
    /// Kept in the outbox at `path`: stored the next time the game starts.
    Kept {
        reason: Option<String>,
        path: PathBuf,
    },
    /// Not kept aside either: keeping it failed with `error`.
    Lost {
        reason: Option<String>,
        error: String,
    },
    /// There is no outbox to keep it in.
    NotSaved { reason: Option<String> },
}

impl Unsaved {
    /// What the trainee should be told.
    fn notice(&self, words: &Words) -> String {
        let reason = |why: &Option<String>| {
            why.clone()
                .unwrap_or_else(|| words.t("leaderboard-results-no-store"))
        };
        match self {
            Unsaved::Kept { reason: why, path } => {
                let path = path.display().to_string();
                words.t_with(
                    "leaderboard-results-kept",
                    &[("reason", reason(why).into()), ("path", path.into())],
                )
            }
            Unsaved::Lost { reason: why, error } => words.t_with(
                "leaderboard-results-lost",
                &[("reason", reason(why).into()), ("error", error.into())],
            ),
            Unsaved::NotSaved { reason: why } => words.t_with(
                "leaderboard-results-session-not-saved",
                &[("reason", reason(why).into())],
            ),
        }
    }
}

/// The store's error for the log: "no results store" when there is none.
fn logged(reason: Option<&str>) -> &str {
    reason.unwrap_or("no results store")
}

/// A save running on the IO pool, so a store held by another writer (up to three one-second
/// waits) never freezes the window.
struct SaveInFlight {
    uid: String,
    /// For a practice session: its scenario id and score, the trainee's new best once safe.
    best: Option<(String, u8)>,
    task: Task<SaveOutcome>,
}

/// Saves not yet finished, oldest first.
#[derive(Resource, Default)]
pub struct SavesInFlight(Vec<SaveInFlight>);

impl SavesInFlight {
    /// Whether a session is still being saved (the debrief says so).
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

/// A session's save has ended: `safe` when it is in the store or kept in the outbox. A match
/// counts a turn only once it is safe.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct SessionSaved {
    pub uid: String,
    pub safe: bool,
    /// What the trainee was told, when the session did not reach the store (in their
    /// language).
    pub notice: Option<String>,
}

impl Results {
    /// Starts storing a finished or abandoned session (with its place in a match) on a task,
    /// before anything else is done with it. The session is first written to the outbox and
    /// synced, so a crash or a closed window mid-save loses nothing; once the store has it,
    /// the outbox file goes. When the store cannot take it, it stays in the outbox and is
    /// stored the next time the game starts. [`SessionSaved`] tells when it is done.
    pub fn save(
        &self,
        saves: &mut SavesInFlight,
        data: &SessionData,
        slot: Option<&MatchSlot>,
        best: Option<(String, u8)>,
    ) {
        let store = self.saver.clone();
        let outbox = self.outbox.clone();
        let problem = self.problem.clone();
        let waiting = Waiting {
            session: data.clone(),
            slot: slot.cloned(),
        };
        let task = IoTaskPool::get()
            .spawn(async move { save_now(store.as_deref(), outbox.as_ref(), problem, &waiting) });
        saves.0.push(SaveInFlight {
            uid: data.uid.clone(),
            best,
            task,
        });
    }

    /// Whether results are being kept.
    pub fn is_saving(&self) -> bool {
        self.store.is_some()
    }

    /// Trainees who have played here, the most recent first.
    pub fn known_trainees(&self) -> Vec<Trainee> {
        self.with_store(Store::trainees).unwrap_or_default()
    }

    /// Runs `work` on the store; `None` (with the error logged) when there is no store or it
    /// failed.
    pub(crate) fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Option<T> {
        let store = self.store.as_ref()?;
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        match work(&mut store) {
            Ok(value) => Some(value),
            Err(error) => {
                error!("results store: {error}");
                None
            }
        }
    }
}

fn open_results_store(
    location: Option<Res<ResultsLocation>>,
    mut results: ResMut<Results>,
    mut trainee: ResMut<CurrentTrainee>,
) {
    let Some(location) = location else {
        return;
    };
    let opened = match &location.0 {
        Some(location) => location.open(),
        None => Store::in_memory(),
    };
    // A run that keeps nothing (a demo) has no outbox either.
    results.outbox = location.0.as_ref().and_then(StoreLocation::outbox);
    match opened {
        Ok(mut store) => {
            // A save runs between two frames: wait for another writer a second at most (three
            // tries), then keep the session in the outbox rather than freeze the window.
            if let Err(error) = store.set_write_wait(GAME_WRITE_WAIT) {
                warn!("results store: {error}");
            }
            if let Some(outbox) = &results.outbox {
                let delivery = outbox.deliver(&mut store);
                if delivery.stored > 0 {
                    info!(
                        "stored {} session(s) that waited in {}",
                        delivery.stored,
                        outbox.folder().display()
                    );
                }
                if let Some(problem) = delivery.problem {
                    warn!(
                        "{} session(s) still wait in {}: {problem}",
                        delivery.still_waiting,
                        outbox.folder().display()
                    );
                }
            }
            if let Ok(Some(last)) = store.last_trainee() {
                if trainee.name.is_empty() {
                    trainee.0 = last.clone();
                }
                results.last_trainee = Some(last);
            }
            info!("results are saved in {}", store.location());
            results.shared = store.is_shared();
            let store = Arc::new(Mutex::new(store));
            let saver = match &location.0 {
                Some(location) => match location.open() {
                    Ok(mut saver) => {
                        if let Err(error) = saver.set_write_wait(GAME_WRITE_WAIT) {
                            warn!("results store: {error}");
                        }
                        Arc::new(Mutex::new(saver))
                    }
                    Err(error) => {
                        warn!(
                            "results store: a second connection for saves failed ({error}); saves share the first"
                        );
                        Arc::clone(&store)
                    }
                },
                None => Arc::clone(&store),
            };
            results.store = Some(store);
            results.saver = Some(saver);
        }
        Err(error) => {
            warn!("results will not be saved: {error}");
            results.problem = Some(error.to_string());
        }
    }
}

fn remember_trainee_and_load_best(trainee: Res<CurrentTrainee>, mut results: ResMut<Results>) {
    let stored = trainee.stored();
    results.with_store(|store| store.remember_trainee(&stored));
    results.best = results
        .with_store(|store| store.best_scores(&stored.name))
        .unwrap_or_default();
}

/// Saves the trainee's own practice sessions; match turns are stored by the match, with their
/// place in it. Signed in to a results server, practice goes to the server instead (see
/// `server_link`): a score the server did not compute has no place on its boards.
fn save_ended_sessions(
    mut ended: MessageReader<SessionEnded>,
    trainee: Res<CurrentTrainee>,
    results: Res<Results>,
    link: Option<Res<crate::ServerLink>>,
    mut saves: ResMut<SavesInFlight>,
) {
    let signed_in = link.is_some_and(|link| link.is_signed_in());
    for session in ended.read() {
        if session.origin != PlayOrigin::Practice || signed_in {
            continue;
        }
        let best = session
            .debrief
            .as_ref()
            .map(|debrief| (debrief.scenario_id.clone(), debrief.score));
        results.save(&mut saves, &session.data(&trainee), None, best);
    }
}

/// Writes `waiting` to the outbox (synced), then to the store, then removes the outbox file;
/// says what the trainee should know.
fn save_now(
    store: Option<&Mutex<Store>>,
    outbox: Option<&Outbox>,
    problem: Option<String>,
    waiting: &Waiting,
) -> SaveOutcome {
    let kept = outbox.map(|outbox| outbox.keep(waiting));
    let stored = match store {
        Some(store) => {
            let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
            match &waiting.slot {
                Some(slot) => store.save_match_session(slot, &waiting.session),
                None => store.save_session(&waiting.session),
            }
            .map(|_| ())
            .map_err(|error| Some(error.to_string()))
        }
        None => Err(problem),
    };
    match (stored, kept) {
        (Ok(()), kept) => {
            if let Some(Ok(path)) = kept
                && let Err(error) = std::fs::remove_file(&path)
                && error.kind() != std::io::ErrorKind::NotFound
            {
                // Harmless: the next start finds the session already stored and removes it.
                warn!(
                    "{} is stored but stays in the outbox: {error}",
                    path.display()
                );
            }
            SaveOutcome {
                safe: true,
                unsaved: None,
            }
        }
        (Err(reason), Some(Ok(path))) => {
            error!("results store: {}", logged(reason.as_deref()));
            SaveOutcome {
                safe: true,
                unsaved: Some(Unsaved::Kept { reason, path }),
            }
        }
        (Err(reason), Some(Err(error))) => {
            error!(
                "results store: {}; outbox: {error}",
                logged(reason.as_deref())
            );
            SaveOutcome {
                safe: false,
                unsaved: Some(Unsaved::Lost {
                    reason,
                    error: error.to_string(),
                }),
            }
        }
        (Err(reason), None) => {
            error!("results store: {}", logged(reason.as_deref()));
            SaveOutcome {
                safe: false,
                unsaved: Some(Unsaved::NotSaved { reason }),
            }
        }
    }
}

/// Collects the saves that have ended: tells the trainee, keeps the new best score, and says
/// [`SessionSaved`].
fn finish_saves(
    mut saves: ResMut<SavesInFlight>,
    mut results: ResMut<Results>,
    mut saved: MessageWriter<SessionSaved>,
    locale: Res<Locale>,
) {
    let mut index = 0;
    while index < saves.0.len() {
        let Some(outcome) = block_on(future::poll_once(&mut saves.0[index].task)) else {
            index += 1;
            continue;
        };
        let done = saves.0.remove(index);
        let notice = outcome
            .unsaved
            .as_ref()
            .map(|unsaved| unsaved.notice(&locale));
        results.save_notice.clone_from(&notice);
        if outcome.safe
            && let Some((scenario_id, score)) = done.best
        {
            let best = results.best.entry(scenario_id).or_insert(0);
            *best = (*best).max(score);
        }
        saved.write(SessionSaved {
            uid: done.uid,
            safe: outcome.safe,
            notice,
        });
    }
}

/// A window closed mid-save waits for the save to end, so the session is in the store or the
/// outbox before the process goes (a task dropped before it ran would never write it).
fn finish_saves_before_exit(mut exit: MessageReader<AppExit>, mut saves: ResMut<SavesInFlight>) {
    if exit.read().next().is_none() {
        return;
    }
    for save in saves.0.drain(..) {
        block_on(save.task);
    }
}

fn load_boards(trainee: Res<CurrentTrainee>, mut results: ResMut<Results>) {
    let played = results.boards.played;
    results.load_boards(trainee.stored_name(), played);
}

impl Results {
    /// Reads the boards of sessions `played` so, and `name`'s history, from the store.
    pub fn load_boards(&mut self, name: String, played: Played) {
        let boards = self.with_store(|store| {
            let scenarios = store.scenario_standings(None, None, played)?;
            let mut trainees_by_scenario = HashMap::new();
            for scenario in &scenarios {
                trainees_by_scenario.insert(
                    scenario.name.clone(),
                    store.trainee_standings(Some(&scenario.name), None, played)?,
                );
            }
            Ok(Boards {
                scenarios,
                trainees_by_scenario,
                trainees: store.trainee_standings(None, None, played)?,
                teams: store.team_standings(None, played)?,
                history: store.history(&name)?,
                trainee: name.clone(),
                played,
            })
        });
        self.boards = boards.unwrap_or(Boards {
            played,
            ..Boards::default()
        });
    }
}

fn switch_trainee(
    mut switches: MessageReader<SwitchTrainee>,
    mut trainee: ResMut<CurrentTrainee>,
    mut results: ResMut<Results>,
    screen: Res<State<Screen>>,
) {
    let Some(SwitchTrainee(switch)) = switches.read().last() else {
        return;
    };
    trainee.0 = switch.clone();
    let stored = trainee.stored();
    let name = stored.name.clone();
    results.with_store(|store| store.remember_trainee(&stored));
    results.best = results
        .with_store(|store| store.best_scores(&name))
        .unwrap_or_default();
    results.last_trainee = Some(stored);
    if *screen.get() == Screen::Leaderboard {
        results.boards.history = results
            .with_store(|store| store.history(&name))
            .unwrap_or_default();
        results.boards.trainee = name;
    }
}
