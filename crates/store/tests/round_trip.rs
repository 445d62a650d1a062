//! Whatever an import accepts, exporting and importing it again gives the same sessions, in
//! both formats: names with commas, quotes, line breaks and any script, every timing, every
//! time Rapport accepts, finished and abandoned sessions.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use proptest::prelude::*;
use rapport_core::calendar::{EARLIEST, END};
use rapport_core::debrief::Debrief;
use rapport_core::record::SessionData;
use rapport_core::scenario::{Scenario, load_file};
use rapport_core::session::Session;
use rapport_core::trainee::Trainee;
use rapport_store::export::{Versions, claimed, csv, import, xapi};

fn billing() -> Arc<Scenario> {
    let path = common::scenarios_folder().join("billing-error-callback.ron");
    Arc::new(
        load_file(&path)
            .scenario
            .expect("the shipped scenario loads"),
    )
}

/// How one generated session goes.
struct Play<'a> {
    seed: u64,
    /// Positions among the choices on offer, silence included.
    picks: &'a [usize],
    /// At most this many turns (fewer: abandoned).
    turns: usize,
    /// The first choice's timing; later ones vary from it.
    millis: u32,
    started_at: i64,
    /// Seconds from start to end.
    length: i64,
}

/// Plays `play` as `trainee`.
fn played(scenario: &Arc<Scenario>, trainee: &Trainee, play: &Play) -> SessionData {
    let Play {
        seed,
        picks,
        turns,
        millis,
        started_at,
        length,
    } = *play;
    let mut session = Session::new(Arc::clone(scenario), seed);
    let mut timings = Vec::new();
    for pick in picks.iter().take(turns) {
        let Some(prompt) = session.prompt() else {
            break;
        };
        let choices = prompt.choices();
        session.choose(choices[pick % choices.len()]).unwrap();
        timings.push(millis.wrapping_add(timings.len() as u32 * 7) % 600_000);
    }
    let debrief = session
        .is_finished()
        .then(|| Debrief::of(&session).unwrap());
    SessionData::of(
        trainee,
        &session,
        debrief.as_ref(),
        &timings,
        started_at,
        (started_at + length).min(END - 1),
    )
}

/// Reads an export back, replaying every session; panics with the reason on a refusal.
fn import_all(claimed: Vec<claimed::Claimed>, versions: &Versions) -> Vec<SessionData> {
    claimed
        .iter()
        .map(|claimed| {
            import::verify(claimed, versions)
                .expect("the export is accepted")
                .session
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn export_then_import_gives_the_same_sessions(
        name in "[ -~àéîõüßøæœ漢字한글\\n\\t\",;'=+@-]{1,40}",
        team in "[ -~é\\n\",]{0,20}",
        seed in any::<u64>(),
        picks in proptest::collection::vec(0usize..9, 0..40),
        turns in 0usize..40,
        millis in any::<u32>(),
        started_at in EARLIEST..END - 1,
        length in 0i64..86_400,
    ) {
        let trainee = Trainee::new(name, team);
        prop_assume!(!trainee.name.trim().is_empty());
        let scenario = billing();
        let versions = Versions::new([Arc::clone(&scenario)]);
        let play = Play { seed, picks: &picks, turns, millis, started_at, length };
        let original = played(&scenario, &trainee, &play);
        let sessions = vec![original];

        let from_csv = import_all(import::read(&csv::write(&sessions, &versions)).unwrap(), &versions);
        prop_assert_eq!(&from_csv, &sessions);
        prop_assert_eq!(csv::write(&from_csv, &versions), csv::write(&sessions, &versions));

        let statements = xapi::write(&sessions, &versions).to_string();
        let from_xapi = import_all(import::read(&statements).unwrap(), &versions);
        prop_assert_eq!(&from_xapi, &sessions);
        prop_assert_eq!(xapi::write(&from_xapi, &versions).to_string(), statements);
    }
}
