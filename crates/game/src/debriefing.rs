//! The debrief is worked out off the main thread, so the window never freezes on it.
//!
//! As soon as a session starts (or moves onto a reloaded file), the values its debrief needs
//! are prepared on the async compute pool: read from the analysis cache in the data folder, or
//! analysed and stored there for next time. By the time the trainee reads the last coaching
//! card they are normally ready, and the debrief itself takes a few lookups. A scenario too
//! large for an exact analysis is analysed once more at the end, keeping the session's own
//! states (see `rapport_core::analysis::Exactness`), also off the main thread.

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, futures_lite::future};

use rapport_core::analysis::cache::{AnalysisCache, prepare};
use rapport_core::analysis::table::ValueTable;
use rapport_core::debrief::Debrief;
use rapport_core::scenario::model::ContentHash;
use rapport_core::session::State as EngineState;

use crate::play::{ActivePlay, FinishedPlay, Phase, SessionEnded};
use crate::results::ResultsLocation;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (prepare_for_the_session, collect_prepared, deliver_debrief)
            .chain()
            .after(crate::play::PlaySystems),
    );
}

/// Which session's start values are prepared for.
type SessionStart = (ContentHash, EngineState);

/// The values for the current session's debrief: being worked out, or ready. `None` inside
/// `Ready` means only an approximate analysis is possible, which waits for the ending.
#[derive(Resource)]
pub struct Prepared {
    start: SessionStart,
    values: Values,
}

enum Values {
    Working(Task<Option<ValueTable>>),
    Ready(Option<ValueTable>),
}

/// The debrief being worked out for a finished session.
#[derive(Resource)]
struct DebriefTask(Task<Debrief>);

fn start_of(play: &ActivePlay) -> SessionStart {
    (
        play.session.scenario().content_hash.clone(),
        play.session.initial_state(),
    )
}

/// Starts preparing whenever the session being played is not the one prepared for: a new
/// session, or one moved onto a reloaded file.
fn prepare_for_the_session(
    mut commands: Commands,
    play: Option<Res<ActivePlay>>,
    prepared: Option<Res<Prepared>>,
    location: Option<Res<ResultsLocation>>,
) {
    let Some(play) = play else {
        return;
    };
    let start = start_of(&play);
    if prepared.is_some_and(|prepared| prepared.start == start) {
        return;
    }
    let cache: Option<AnalysisCache> =
        location.and_then(|location| location.0.as_ref().and_then(|l| l.analysis_cache()));
    let scenario = std::sync::Arc::clone(play.session.scenario());
    let initial = start.1;
    let task = AsyncComputeTaskPool::get()
        .spawn(async move { prepare(cache.as_ref(), &scenario, initial) });
    commands.insert_resource(Prepared {
        start,
        values: Values::Working(task),
    });
}

fn collect_prepared(prepared: Option<ResMut<Prepared>>) {
    let Some(mut prepared) = prepared else {
        return;
    };
    if let Values::Working(task) = &mut prepared.values
        && let Some(table) = block_on(future::poll_once(task))
    {
        prepared.values = Values::Ready(table);
    }
}

/// Once the trainee has closed the last card: the debrief from the prepared values (or a
/// fresh analysis of this session), worked out in a task; then the session is reported and
/// the screen changes.
fn deliver_debrief(
    mut commands: Commands,
    play: Option<Res<ActivePlay>>,
    prepared: Option<Res<Prepared>>,
    mut task: Option<ResMut<DebriefTask>>,
    mut ended: MessageWriter<SessionEnded>,
    mut next_screen: ResMut<NextState<crate::Screen>>,
) {
    // A task left from a session that is no longer being debriefed must never answer for
    // the next one.
    let debriefing = play
        .as_ref()
        .is_some_and(|play| play.phase == Phase::Debriefing);
    let Some(play) = play.filter(|_| debriefing) else {
        if task.is_some() {
            commands.remove_resource::<DebriefTask>();
        }
        return;
    };
    let Some(task) = task.as_mut() else {
        let Some(prepared) = prepared.filter(|prepared| prepared.start == start_of(&play)) else {
            return;
        };
        let Values::Ready(table) = &prepared.values else {
            return;
        };
        let table = table.clone();
        let session = play.session.clone();
        let work = AsyncComputeTaskPool::get().spawn(async move {
            Debrief::with_prepared(&session, table.as_ref())
                .expect("the session has ended: the phase is Debriefing")
        });
        commands.insert_resource(DebriefTask(work));
        return;
    };
    let Some(debrief) = block_on(future::poll_once(&mut task.0)) else {
        return;
    };
    commands.remove_resource::<DebriefTask>();
    // A tutorial is coached but never stored or ranked.
    if !play.authoring && play.session.scenario().meta.scored {
        ended.write(SessionEnded {
            uid: play.uid.clone(),
            origin: play.origin,
            session: play.session.clone(),
            millis: play.millis.clone(),
            typed: play.session_typed(),
            debrief: Some(debrief.clone()),
            started_at: play.started_at,
            language: play.language.clone(),
        });
    }
    commands.insert_resource(FinishedPlay {
        file: play.file.clone(),
        seed: play.session.seed(),
        debrief,
        typed: play.session_typed(),
    });
    commands.remove_resource::<ActivePlay>();
    next_screen.set(play.origin.screens_after().0);
}
