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

/// A finished session of the billing scenario and the versions to replay it on.
fn finished() -> (Versions, SessionData) {
    let scenario = billing();
    let versions = Versions::new([Arc::clone(&scenario)]);
    let play = Play {
        seed: 5,
        picks: &[0; 40],
        turns: 40,
        millis: 1200,
        started_at: 1_795_443_909,
        length: 300,
    };
    let session = played(&scenario, &Trainee::new("Dana", "Blue"), &play);
    assert!(
        session.outcome.is_some(),
        "the first reply each turn reaches an ending"
    );
    (versions, session)
}

/// `export` as a Rapport before scoring model 2 wrote it: without the last three columns.
fn without_model_column(export: &str) -> String {
    export
        .split_inclusive("\r\n")
        .map(|line| {
            // The model, `played`, (empty for a chosen session) `typed_replies` and `language`.
            let mut cells = line.trim_end();
            for _ in 0..4 {
                cells = cells.rsplit_once(',').expect("a CSV row").0;
            }
            format!("{cells}\r\n")
        })
        .collect()
}

/// The session `claimed` with other figures, as another model would have scored it.
fn with_figures(
    mut claimed: claimed::Claimed,
    score: u8,
    ending: Option<&str>,
) -> claimed::Claimed {
    let outcome = claimed.outcome.as_mut().expect("a finished session");
    outcome.score = score;
    outcome.csat = 1;
    outcome.nps = 0;
    outcome.retention = "leaves".into();
    if let Some(ending) = ending {
        outcome.ending = ending.into();
    }
    claimed
}

#[test]
fn an_export_scored_by_model_1_is_replayed_and_stored_with_model_2_figures() {
    let (versions, session) = finished();
    let old = without_model_column(&csv::write(std::slice::from_ref(&session), &versions));
    let claimed = import::read(&old).unwrap().remove(0);
    assert_eq!(claimed.scoring_model, 1);
    let claimed = with_figures(claimed, 7, None);
    let verified = import::verify(&claimed, &versions).expect("an older model is rescored");
    assert!(verified.rescored);
    assert_eq!(verified.session, session, "the figures are model 2's");
    assert_eq!(verified.session.scoring_model, 2);
}

#[test]
fn a_model_1_export_whose_ending_the_replay_does_not_reach_is_refused() {
    let (versions, session) = finished();
    let old = without_model_column(&csv::write(std::slice::from_ref(&session), &versions));
    let claimed = with_figures(import::read(&old).unwrap().remove(0), 7, Some("elsewhere"));
    assert!(matches!(
        import::verify(&claimed, &versions),
        Err(import::Rejection::Mismatch { what: "ending", .. })
    ));
}

#[test]
fn a_model_2_export_is_still_checked_figure_by_figure() {
    let (versions, session) = finished();
    let export = csv::write(std::slice::from_ref(&session), &versions);
    let claimed = import::read(&export).unwrap().remove(0);
    assert_eq!(claimed.scoring_model, 2);
    let verified = import::verify(&claimed, &versions).unwrap();
    assert!(!verified.rescored);
    let forged = with_figures(claimed, 100, None);
    assert!(matches!(
        import::verify(&forged, &versions),
        Err(import::Rejection::Mismatch { .. })
    ));
    let newer = claimed::Claimed {
        scoring_model: 3,
        ..import::read(&export).unwrap().remove(0)
    };
    assert_eq!(
        import::verify(&newer, &versions),
        Err(import::Rejection::UnknownModel(3))
    );
}

#[test]
fn xapi_statements_without_a_scoring_model_are_model_1_and_rescored() {
    let (versions, session) = finished();
    let mut statements = xapi::write(std::slice::from_ref(&session), &versions);
    let extension = format!("{}/extensions/scoring-model", xapi::BASE);
    for statement in statements.as_array_mut().unwrap() {
        if let Some(extensions) = statement
            .pointer_mut("/context/extensions")
            .and_then(|value| value.as_object_mut())
        {
            extensions.remove(&extension);
        }
    }
    let claimed = import::read(&statements.to_string()).unwrap().remove(0);
    assert_eq!(claimed.scoring_model, 1);
    let verified = import::verify(&with_figures(claimed, 7, None), &versions).unwrap();
    assert!(verified.rescored);
    assert_eq!(verified.session, session);
}

#[test]
fn an_older_export_of_a_session_stored_rescored_is_the_same_session() {
    let (versions, session) = finished();
    let old = without_model_column(&csv::write(std::slice::from_ref(&session), &versions));
    let claimed = with_figures(import::read(&old).unwrap().remove(0), 7, None);
    assert_eq!(import::same_as_stored(&claimed, &session), Ok(()));
    let moved = claimed::Claimed {
        seed: claimed.seed + 1,
        ..claimed.clone()
    };
    assert!(matches!(
        import::same_as_stored(&moved, &session),
        Err(import::Rejection::Conflict { .. })
    ));
    let elsewhere = with_figures(claimed, 7, Some("elsewhere"));
    assert!(matches!(
        import::same_as_stored(&elsewhere, &session),
        Err(import::Rejection::Conflict { .. })
    ));
}

#[test]
fn a_session_of_a_tutorial_is_refused_on_import() {
    let (_, session) = finished();
    // The same scenario made a tutorial: same choices, but nothing it plays may be ranked.
    let text =
        std::fs::read_to_string(common::scenarios_folder().join("billing-error-callback.ron"))
            .unwrap()
            .replacen("    start:", "    scored: false,\n    start:", 1);
    let tutorial = Arc::new(rapport_core::scenario::load_valid("tutorial.ron", &text).unwrap());
    let versions = Versions::new([Arc::clone(&tutorial)]);
    let session = SessionData {
        record: rapport_core::session::SessionRecord {
            content_hash: tutorial.content_hash.clone(),
            ..session.record
        },
        ..session
    };
    let export = csv::write(std::slice::from_ref(&session), &versions);
    let claimed = import::read(&export).unwrap().remove(0);
    assert!(matches!(
        import::verify(&claimed, &versions),
        Err(import::Rejection::Unscored(id)) if id == tutorial.meta.id
    ));
}

#[test]
fn statements_carry_the_organisations_iris_and_import_back_the_same() {
    let (versions, session) = finished();
    let iris = xapi::Iris::new(
        "https://sso.example.org/",
        "https://learning.example.org/rapport/",
    )
    .unwrap();
    let statements = xapi::write_for(std::slice::from_ref(&session), &versions, &iris);
    let all = statements.as_array().unwrap();
    for statement in all {
        assert_eq!(
            statement.pointer("/actor/account/homePage").unwrap(),
            "https://sso.example.org/"
        );
        let object = statement.pointer("/object/id").unwrap().as_str().unwrap();
        assert!(
            object.starts_with(
                "https://learning.example.org/rapport/scenarios/billing-error-callback"
            ),
            "{object}"
        );
    }
    // The ids do not depend on the IRIs: an LRS that had the statements under the old ones
    // keeps one copy.
    let plain = xapi::write(std::slice::from_ref(&session), &versions);
    let ids = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].to_string())
            .collect()
    };
    assert_eq!(ids(&statements), ids(&plain));
    let back = import::read(&statements.to_string()).unwrap().remove(0);
    assert_eq!(import::same_as_stored(&back, &session), Ok(()));
    for bad in [
        "rapport.example",
        "ftp://x.example",
        "https://",
        "https://a b.example",
    ] {
        assert!(xapi::Iris::new(bad, "https://x.example").is_err(), "{bad}");
        assert!(xapi::Iris::new("https://x.example", bad).is_err(), "{bad}");
    }
}
