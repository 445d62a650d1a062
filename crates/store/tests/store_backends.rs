//! The results store's behaviour, run the same against both databases: SQLite always, and a
//! real PostgreSQL server when `RAPPORT_TEST_DATABASE` names one (`.ci/test` starts one on
//! loopback). Without it the PostgreSQL run says loudly that it was skipped, and fails when
//! `RAPPORT_REQUIRE_POSTGRES` is set, as it is in CI.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use rapport_core::debrief::Debrief;
use rapport_core::record::{SessionData, TypedReply, Understanding};
use rapport_core::scenario::load_file;
use rapport_core::session::{Choice, Session};
use rapport_core::trainee::Trainee;
use rapport_core::understand::technique::{Finding, Technique};
use rapport_store::{MatchSlot, Played, Saved, Store, StoreError};

const TEST_DATABASE: &str = "RAPPORT_TEST_DATABASE";
const REQUIRE: &str = "RAPPORT_REQUIRE_POSTGRES";

fn scenario() -> Arc<rapport_core::scenario::Scenario> {
    let path = common::scenarios_folder().join("billing-error-callback.ron");
    Arc::new(
        load_file(&path)
            .scenario
            .expect("the shipped scenario loads"),
    )
}

/// Plays `picks` (positions among the shown replies, repeated) until an ending or `limit`.
fn played(trainee: &str, team: &str, seed: u64, pick: usize, limit: usize) -> SessionData {
    let mut session = Session::new(scenario(), seed);
    let mut millis = Vec::new();
    while let Some(prompt) = session.prompt().cloned() {
        if millis.len() == limit {
            break;
        }
        let choice = prompt.options[pick.min(prompt.options.len() - 1)];
        session.choose(choice).unwrap();
        millis.push(1000 + 10 * millis.len() as u32);
    }
    let debrief = session
        .is_finished()
        .then(|| Debrief::of(&session).unwrap());
    SessionData::of(
        &Trainee::new(trainee, team),
        &session,
        debrief.as_ref(),
        &millis,
        1_795_400_000 + seed as i64,
        1_795_400_300 + seed as i64,
    )
}

/// Everything the game, the CLI and import need from a store, on an empty store.
fn suite(store: &mut Store) {
    // Trainees: the last one to play is offered first.
    store.remember_trainee(&Trainee::new("Ali", "Red")).unwrap();
    store
        .remember_trainee(&Trainee::new("Dana", "Blue"))
        .unwrap();
    let trainees = store.trainees().unwrap();
    assert_eq!(trainees.len(), 2);
    store
        .remember_trainee(&Trainee::new("Dana", "Green"))
        .unwrap();
    assert_eq!(
        store.trainees().unwrap().len(),
        2,
        "a trainee changing team is one trainee"
    );

    // Sessions: finished ones with every turn, abandoned ones kept but never scored.
    let dana_best = played("Dana", "Blue", 1, 0, 100);
    let dana_worse = played("Dana", "Blue", 2, 2, 100);
    let ali = played("Ali", "Red", 3, 1, 100);
    let quitter = played("Ali", "Red", 4, 0, 2);
    assert!(
        [&dana_best, &dana_worse, &ali]
            .iter()
            .all(|s| s.outcome.is_some())
    );
    let mut extreme = dana_worse.clone();
    extreme.uid = rapport_core::record::new_uid();
    extreme.record.seed = u64::MAX;
    extreme.started_at = 1_795_500_000;
    extreme.ended_at = 1_795_500_100;
    for data in [&dana_best, &dana_worse, &ali, &quitter, &extreme] {
        assert!(matches!(store.save_session(data).unwrap(), Saved::New(_)));
    }
    assert_eq!(
        store.save_session(&ali).unwrap(),
        Saved::AlreadyStored,
        "the same session id lands once"
    );
    assert!(store.has_session(&ali.uid).unwrap());
    assert!(!store.has_session(&rapport_core::record::new_uid()).unwrap());

    // Read back exactly as written, turns, timings and the largest seed included.
    let stored = store.sessions_since(None).unwrap();
    assert_eq!(
        stored,
        vec![
            dana_best.clone(),
            dana_worse.clone(),
            ali.clone(),
            quitter.clone(),
            extreme.clone()
        ]
    );
    assert_eq!(quitter.turns.len(), 2);
    assert!(quitter.turns[1].millis == Some(1010));
    let since = store.sessions_since(Some(1_795_400_004)).unwrap();
    assert_eq!(
        since.iter().map(|s| s.uid.as_str()).collect::<Vec<_>>(),
        [quitter.uid.as_str(), extreme.uid.as_str()]
    );

    // Leaderboards.
    let best = |data: &SessionData| data.outcome.as_ref().unwrap().score;
    let dana_top = best(&dana_best).max(best(&dana_worse));
    let scores = store.best_scores("Dana").unwrap();
    assert_eq!(scores.get("billing-error-callback"), Some(&dana_top));
    assert!(store.best_scores("Nobody").unwrap().is_empty());

    let scenarios = store
        .scenario_standings(None, None, Played::Chosen)
        .unwrap();
    assert_eq!(scenarios.len(), 1);
    assert_eq!(
        scenarios[0].sessions, 4,
        "abandoned sessions are not counted"
    );
    assert_eq!(scenarios[0].best, dana_top.max(best(&ali)));
    let expected_average = f64::from(
        u32::from(best(&dana_best)) + 2 * u32::from(best(&dana_worse)) + u32::from(best(&ali)),
    ) / 4.0;
    assert!((scenarios[0].average - expected_average).abs() < 1e-9);

    let trainees = store.trainee_standings(None, None, Played::Chosen).unwrap();
    assert_eq!(trainees.len(), 2);
    assert!(trainees[0].best >= trainees[1].best, "best first");
    let blue = store
        .trainee_standings(None, Some("Blue"), Played::Chosen)
        .unwrap();
    assert_eq!(blue.len(), 1);
    assert_eq!((blue[0].name.as_str(), blue[0].sessions), ("Dana", 3));

    let teams = store
        .team_standings(Some("billing-error-callback"), Played::Chosen)
        .unwrap();
    assert_eq!(teams.len(), 2);
    let blue = teams.iter().find(|t| t.team == "Blue").unwrap();
    assert_eq!((blue.members, blue.sessions), (1, 3));
    assert!((blue.average_of_bests - f64::from(dana_top)).abs() < 1e-9);
    assert!(
        store
            .team_standings(Some("no-such"), Played::Chosen)
            .unwrap()
            .is_empty()
    );

    // History: oldest first, abandoned ones included, per-skill scores of finished ones.
    let history = store.history("Ali").unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.status.as_str(), h.score))
            .collect::<Vec<_>>(),
        [("finished", Some(best(&ali))), ("abandoned", None)]
    );
    assert!(!history[0].skills.is_empty());
    assert!(history[1].skills.is_empty());
    assert_eq!(store.sessions().unwrap().len(), 5);
    typed_suite(store);
    match_suite(store);
    assert!(
        stored[3]
            .turns
            .iter()
            .all(|turn| turn.choice != Choice::Silence || turn.reply.is_empty())
    );
}

/// A session played by typing keeps its words per turn and ranks on the typed boards only.
fn typed_suite(store: &mut Store) {
    let played = played("Kim", "Green", 9, 0, 100);
    let words: Vec<Option<TypedReply>> = played
        .turns
        .iter()
        .map(|turn| {
            (turn.choice != Choice::Silence).then(|| TypedReply {
                text: format!("in my own words, about {} — « ok »", turn.node),
                understood: Understanding::Sure,
                confidence: 612,
                matcher: "lexical".into(),
                findings: vec![Finding {
                    technique: Technique::Apology,
                    evidence: "sorry".into(),
                }],
            })
        })
        .collect();
    let typed = played.with_typed(&words);
    assert!(typed.typed());
    assert!(matches!(store.save_session(&typed).unwrap(), Saved::New(_)));
    assert_eq!(store.session(&typed.uid).unwrap().as_ref(), Some(&typed));

    let on = |store: &mut Store, board: Played| -> Vec<String> {
        store
            .trainee_standings(None, None, board)
            .unwrap()
            .into_iter()
            .map(|standing| standing.name)
            .collect()
    };
    assert_eq!(on(store, Played::Typed), ["Kim"]);
    assert!(!on(store, Played::Chosen).contains(&"Kim".to_owned()));
    assert_eq!(
        store.team_standings(None, Played::Typed).unwrap()[0].team,
        "Green"
    );
}

/// A team match: set up, one turn stored, resumed from the store, finished by the last turn.
fn match_suite(store: &mut Store) {
    let scenario = scenario();
    let plan = common::two_player_match(&scenario, "billing-error-callback.ron", 77);
    store.create_match(&plan).unwrap();
    store.create_match(&plan).unwrap();
    let unfinished = store.unfinished_matches().unwrap();
    assert_eq!(unfinished.len(), 1, "created once");
    assert_eq!(unfinished[0].plan, plan);
    assert_eq!(unfinished[0].next(), Some((0, 0)));

    let first = played("Dana", "Blue", plan.seed_for(0), 0, 100);
    let slot = |player: usize| MatchSlot {
        match_uid: plan.uid.clone(),
        round: 0,
        player,
        last: player == 1,
    };
    store.save_match_session(&slot(0), &first).unwrap();
    // After a crash here, the match comes back with Dana's turn played and Sam's next.
    let resumed = store.load_match(&plan.uid).unwrap().unwrap();
    assert_eq!(resumed.next(), Some((0, 1)));
    assert_eq!(resumed.played[0].session_uid, first.uid);
    assert_eq!(
        resumed.played[0].score,
        first.outcome.as_ref().map(|o| o.score)
    );
    assert!(
        resumed.played[0].moment.is_some(),
        "the best path has a best moment"
    );

    let second = played("Sam", "Red", plan.seed_for(0), 0, 2);
    store.save_match_session(&slot(1), &second).unwrap();
    let done = store.load_match(&plan.uid).unwrap().unwrap();
    assert!(done.is_finished());
    assert_eq!(done.played[1].score, None, "Sam abandoned");
    assert!(store.unfinished_matches().unwrap().is_empty());
    assert_eq!(store.load_match("no-such-match").unwrap(), None);
    // Match sessions are sessions like any other: on the leaderboards and in exports.
    assert_eq!(
        store.sessions().unwrap().len(),
        8,
        "the five above, the typed one and this match's two"
    );
    let all = store.sessions_since(None).unwrap();
    for session in [&first, &second] {
        assert!(all.iter().any(|s| s == session));
    }
}

#[test]
fn the_store_suite_passes_on_sqlite() {
    let folder = std::env::temp_dir().join(format!("rapport-suite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let mut store = Store::open_in(&folder).unwrap();
    suite(&mut store);
    drop(store);
    let _ = std::fs::remove_dir_all(&folder);
}

/// Drops the store's tables so the suite starts from an empty database.
fn empty_database(url: &str) {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "DROP TABLE IF EXISTS turns, session_skills, sessions, matches, trainees, rapport_schema CASCADE",
        )
        .unwrap();
}

#[test]
fn the_store_suite_passes_on_postgres() {
    let Some(url) = std::env::var(TEST_DATABASE).ok().filter(|u| !u.is_empty()) else {
        if std::env::var_os(REQUIRE).is_some() {
            panic!("{REQUIRE} is set but {TEST_DATABASE} is not: PostgreSQL was not started");
        }
        eprintln!(
            "\n*** SKIPPED: the PostgreSQL store suite. {TEST_DATABASE} is not set; \
             `.ci/test` starts a server on loopback and runs it. ***\n"
        );
        return;
    };
    empty_database(&url);
    let mut store = Store::connect(&url).unwrap();
    assert!(store.is_shared());
    assert!(!store.location().contains("password"));
    suite(&mut store);

    // Two machines on one server: a second connection sees everything and adds to it.
    let mut other = Store::connect(&url).unwrap();
    assert_eq!(other.sessions().unwrap().len(), 8);
    let late = played("Sam", "Red", 9, 0, 100);
    other.save_session(&late).unwrap();
    assert_eq!(store.sessions().unwrap().len(), 9);

    // A client holding the migration lock (stuck, or hostile) does not hang anyone's start
    // once the store is up to date.
    let mut holder = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    holder
        .execute("SELECT pg_advisory_lock(7263000001)", &[])
        .unwrap();
    let started = std::time::Instant::now();
    let connecting = std::thread::spawn(move || Store::connect(&url.clone()).map(|_| ()));
    while !connecting.is_finished() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        connecting.is_finished(),
        "a start waited on another client's lock"
    );
    connecting.join().unwrap().unwrap();
    drop(holder);
    let url = std::env::var(TEST_DATABASE).unwrap();

    // A store written by a newer Rapport is refused and left as it is.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .execute("UPDATE rapport_schema SET version = version + 1", &[])
        .unwrap();
    let error = Store::connect(&url).unwrap_err();
    assert!(matches!(error, StoreError::Newer { .. }), "{error}");
    let count: i64 = client
        .query_one("SELECT COUNT(*) FROM sessions", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 9);
    empty_database(&url);
}

#[test]
fn an_unreachable_server_is_reported_not_waited_for() {
    let error = Store::connect("postgres://rapport@127.0.0.1:1/none?connect_timeout=2")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("cannot connect to the PostgreSQL store"),
        "{error}"
    );
}
