//! Results that last: opens the local store, saves every trainee session that ends, and
//! keeps the trainee's best scores and the last trainee for the title screen and picker.

use std::collections::HashMap;
use std::sync::Mutex;

use bevy::prelude::*;

use rapport_core::record::SessionData;
use rapport_core::trainee::Trainee;
use rapport_store::outbox::{Outbox, Waiting};
use rapport_store::{
    HistoryRow, MatchSlot, Standing, Store, StoreError, StoreLocation, TeamStanding,
};

use crate::play::{PlayOrigin, SessionEnded};
use crate::{CurrentTrainee, Screen};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Results>()
        .add_message::<SwitchTrainee>()
        .add_systems(Startup, open_results_store)
        .add_systems(OnEnter(Screen::Picker), remember_trainee_and_load_best)
        .add_systems(OnEnter(Screen::Leaderboard), load_boards)
        .add_systems(Update, (save_ended_sessions, switch_trainee).chain());
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
    store: Option<Mutex<Store>>,
    /// Where a finished session waits when the store cannot take it.
    outbox: Option<Outbox>,
    /// Why results are not being saved, shown on the title screen.
    pub problem: Option<String>,
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

impl Results {
    /// Stores a finished or abandoned session (with its place in a match), before anything
    /// else. When the store cannot take it, the session is kept in the outbox and stored the
    /// next time the game starts; the trainee is told either way. Returns whether the session
    /// is safe (stored or kept).
    pub fn save(&mut self, data: &SessionData, slot: Option<&MatchSlot>) -> bool {
        let stored = match &self.store {
            Some(store) => {
                let mut store = match store.lock() {
                    Ok(store) => store,
                    Err(poisoned) => poisoned.into_inner(),
                };
                match slot {
                    Some(slot) => store.save_match_session(slot, data),
                    None => store.save_session(data),
                }
                .map(|_| ())
                .map_err(|error| error.to_string())
            }
            None => Err(self
                .problem
                .clone()
                .unwrap_or_else(|| "no results store".to_owned())),
        };
        let Err(reason) = stored else {
            self.save_notice = None;
            return true;
        };
        error!("results store: {reason}");
        let kept = self.outbox.as_ref().map(|outbox| {
            outbox.keep(&Waiting {
                session: data.clone(),
                slot: slot.cloned(),
            })
        });
        match kept {
            Some(Ok(path)) => {
                self.save_notice = Some(format!(
                    "This session could not be saved now ({reason}). It is kept in {} and will \
                     be saved the next time Rapport starts.",
                    path.display()
                ));
                true
            }
            Some(Err(error)) => {
                self.save_notice = Some(format!(
                    "This session was NOT saved: the results store failed ({reason}) and so did \
                     keeping it aside ({error})."
                ));
                false
            }
            None => {
                self.save_notice = Some(format!("This session was not saved ({reason})."));
                false
            }
        }
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
        let mut store = match store.lock() {
            Ok(store) => store,
            Err(poisoned) => poisoned.into_inner(),
        };
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
            results.store = Some(Mutex::new(store));
        }
        Err(error) => {
            warn!("results will not be saved: {error}");
            results.problem = Some(format!("Results will not be saved: {error}"));
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
/// place in it.
fn save_ended_sessions(
    mut ended: MessageReader<SessionEnded>,
    trainee: Res<CurrentTrainee>,
    mut results: ResMut<Results>,
) {
    for session in ended.read() {
        if session.origin != PlayOrigin::Practice {
            continue;
        }
        let data = session.data(&trainee);
        if !results.save(&data, None) {
            continue;
        }
        if let Some(debrief) = &session.debrief {
            let best = results.best.entry(debrief.scenario_id.clone()).or_insert(0);
            *best = (*best).max(debrief.score);
        }
    }
}

fn load_boards(trainee: Res<CurrentTrainee>, mut results: ResMut<Results>) {
    let name = trainee.stored_name();
    let boards = results.with_store(|store| {
        let scenarios = store.scenario_standings(None, None)?;
        let mut trainees_by_scenario = HashMap::new();
        for scenario in &scenarios {
            trainees_by_scenario.insert(
                scenario.name.clone(),
                store.trainee_standings(Some(&scenario.name), None)?,
            );
        }
        Ok(Boards {
            scenarios,
            trainees_by_scenario,
            trainees: store.trainee_standings(None, None)?,
            teams: store.team_standings(None)?,
            history: store.history(&name)?,
            trainee: name.clone(),
        })
    });
    results.boards = boards.unwrap_or_default();
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
