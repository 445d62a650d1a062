//! Results that last: opens the local store, saves every trainee session that ends, and
//! keeps the trainee's best scores and the last trainee for the title screen and picker.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use bevy::prelude::*;

use super::play::SessionEnded;
use super::{Screen, Trainee};
use crate::store::{Ending, SessionResult, Store, now};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Results>()
        .add_systems(Startup, open_results_store)
        .add_systems(OnEnter(Screen::Picker), remember_trainee_and_load_best)
        .add_systems(Update, save_ended_sessions);
}

/// Where the store lives; without this resource results are kept in memory only.
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub PathBuf);

/// The store and what the screens show from it.
#[derive(Resource, Default)]
pub struct Results {
    store: Option<Mutex<Store>>,
    /// Why results are not being saved, shown on the title screen.
    pub problem: Option<String>,
    /// The current trainee's best score per scenario id.
    pub best: HashMap<String, u8>,
    /// Who played last, as found in the store at start.
    pub last_trainee: Option<(String, String)>,
}

impl Results {
    fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, crate::store::StoreError>,
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
    data_dir: Option<Res<DataDir>>,
    mut results: ResMut<Results>,
    mut trainee: ResMut<Trainee>,
) {
    let Some(data_dir) = data_dir else {
        return;
    };
    match Store::open_in(&data_dir.0) {
        Ok(store) => {
            if let Ok(Some((name, team))) = store.last_trainee() {
                if trainee.name.is_empty() {
                    trainee.name = name.clone();
                    trainee.team = team.clone();
                }
                results.last_trainee = Some((name, team));
            }
            info!("results are saved in {}", store.path().display());
            results.store = Some(Mutex::new(store));
        }
        Err(error) => {
            warn!("results will not be saved: {error}");
            results.problem = Some(format!("Results will not be saved: {error}"));
        }
    }
}

fn remember_trainee_and_load_best(trainee: Res<Trainee>, mut results: ResMut<Results>) {
    let name = display_name(&trainee);
    results.with_store(|store| store.remember_trainee(&name, &trainee.team));
    results.best = results
        .with_store(|store| store.best_scores(&name))
        .unwrap_or_default();
}

fn save_ended_sessions(
    mut ended: MessageReader<SessionEnded>,
    trainee: Res<Trainee>,
    mut results: ResMut<Results>,
) {
    for session in ended.read() {
        let name = display_name(&trainee);
        let ending = match &session.debrief {
            Some(debrief) => Ending::Finished(debrief),
            None => Ending::Abandoned,
        };
        let result = SessionResult {
            trainee: &name,
            team: &trainee.team,
            record: &session.record,
            ending,
            started_at: session.started_at,
            ended_at: now(),
        };
        results.with_store(|store| store.save_session(&result));
        if let Some(debrief) = &session.debrief {
            let best = results.best.entry(debrief.scenario_id.clone()).or_insert(0);
            *best = (*best).max(debrief.score);
        }
    }
}

/// The name results are stored under: what the trainee typed, or "trainee".
pub fn display_name(trainee: &Trainee) -> String {
    let name = trainee.name.trim();
    if name.is_empty() {
        "trainee".to_owned()
    } else {
        name.to_owned()
    }
}
