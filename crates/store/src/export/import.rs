//! `rapport import`: sessions from another machine's export, each replayed through the engine
//! on the exact scenario version it was played on. A session scored by this Rapport's scoring
//! model is stored only if the replay gives the outcome and scores the file claims; one scored
//! by an older model is stored with its figures recomputed under this one (its ending is still
//! checked: no model changes where choices lead). Sessions already stored (same session id)
//! are skipped, so importing the same file twice changes nothing.

use std::sync::Arc;

use super::Versions;
use super::claimed::{Claimed, ClaimedOutcome};
use rapport_core::calendar;
use rapport_core::record::{SessionData, SessionOutcome, is_uid, turns_of};
use rapport_core::scenario::model::ContentHash;
use rapport_core::scoring::SCORING_MODEL;
use rapport_core::session::{Session, SessionRecord};
use rapport_core::trainee::Trainee;
use rapport_core::understand::WordMatcher;
use rapport_core::understand::verify::check_typed;

/// The largest export file `rapport import` reads; it is read no further.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;
/// The longest trainee or team name an import accepts, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Why an exported session is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("`{0}` is not a session id (a UUID)")]
    BadId(String),
    #[error("the trainee's name is empty")]
    NoTrainee,
    #[error("a trainee or team name is longer than {MAX_NAME_CHARS} characters")]
    LongName,
    #[error(
        "scenario `{scenario}` version {hash} is unknown here{}",
        if known.is_empty() { " (no version of it is in the scenario folder)".to_owned() } else { format!(" (this folder has {})", known.join(", ")) }
    )]
    UnknownVersion {
        scenario: String,
        hash: String,
        known: Vec<String>,
    },
    #[error("the file says scenario `{claimed}` but version {hash} is `{actual}`")]
    WrongScenario {
        claimed: String,
        hash: String,
        actual: String,
    },
    #[error("scenario `{0}` is a tutorial: its sessions are not scored or stored")]
    Unscored(String),
    #[error("its choices cannot be replayed: {0}")]
    Replay(String),
    #[error("it is marked {claimed} but its choices {actual}")]
    Status {
        claimed: &'static str,
        actual: &'static str,
    },
    #[error("its recorded {what} is {claimed}, but replaying its choices gives {replayed}")]
    Mismatch {
        what: &'static str,
        claimed: String,
        replayed: String,
    },
    #[error(
        "it was scored by scoring model {0}, which this Rapport does not know (it knows 1 to {SCORING_MODEL})"
    )]
    UnknownModel(u32),
    #[error("it ends ({ended_at}) before it starts ({started_at})")]
    Times { started_at: i64, ended_at: i64 },
    #[error(
        "its times ({started_at} to {ended_at}, Unix seconds) are outside 2000-2099, when sessions can have been played"
    )]
    OutOfRange { started_at: i64, ended_at: i64 },
    #[error(
        "a different session with this id is already stored (different {fields}): stored {stored}; this file {claimed}"
    )]
    Conflict {
        fields: String,
        stored: String,
        claimed: String,
    },
}

/// A session an import accepted, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub session: SessionData,
    /// Whether its figures were recomputed under [`SCORING_MODEL`] because the export was
    /// scored by an older model.
    pub rescored: bool,
    /// Why the trainee's words were not kept, when the export carried words that do not
    /// read as the replies recorded: the session is kept as chosen, and ranks so.
    pub words_dropped: Option<String>,
}

/// Replays `claimed` and returns it ready to store, or why it is refused.
pub fn verify(claimed: &Claimed, versions: &Versions) -> Result<Verified, Rejection> {
    if !is_uid(&claimed.uid) {
        return Err(Rejection::BadId(claimed.uid.clone()));
    }
    if !(1..=SCORING_MODEL).contains(&claimed.scoring_model) {
        return Err(Rejection::UnknownModel(claimed.scoring_model));
    }
    if claimed.trainee.name.trim().is_empty() {
        return Err(Rejection::NoTrainee);
    }
    let trainee = claimed.trainee.trimmed();
    if trainee.name.chars().count() > MAX_NAME_CHARS
        || trainee.team.chars().count() > MAX_NAME_CHARS
    {
        return Err(Rejection::LongName);
    }
    if !(calendar::is_plausible(claimed.started_at) && calendar::is_plausible(claimed.ended_at)) {
        return Err(Rejection::OutOfRange {
            started_at: claimed.started_at,
            ended_at: claimed.ended_at,
        });
    }
    if claimed.ended_at < claimed.started_at {
        return Err(Rejection::Times {
            started_at: claimed.started_at,
            ended_at: claimed.ended_at,
        });
    }
    let scenario =
        versions
            .get(&claimed.content_hash)
            .ok_or_else(|| Rejection::UnknownVersion {
                scenario: claimed.scenario_id.clone(),
                hash: claimed.content_hash.clone(),
                known: versions
                    .hashes_of(&claimed.scenario_id)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })?;
    if scenario.meta.id != claimed.scenario_id {
        return Err(Rejection::WrongScenario {
            claimed: claimed.scenario_id.clone(),
            hash: claimed.content_hash.clone(),
            actual: scenario.meta.id.clone(),
        });
    }
    // The game and `play --text` never store a tutorial; a file must not rank one either.
    if !scenario.meta.scored {
        return Err(Rejection::Unscored(scenario.meta.id.clone()));
    }
    let record = SessionRecord {
        scenario_id: claimed.scenario_id.clone(),
        content_hash: ContentHash(claimed.content_hash.clone()),
        seed: claimed.seed,
        choices: claimed.choices.clone(),
    };
    let session = Session::replay(Arc::clone(scenario), &record)
        .map_err(|error| Rejection::Replay(error.to_string()))?;
    let outcome = match (&claimed.outcome, session.is_finished()) {
        (None, false) => None,
        (Some(_), false) => {
            return Err(Rejection::Status {
                claimed: "finished",
                actual: "stop before any ending",
            });
        }
        (None, true) => {
            return Err(Rejection::Status {
                claimed: "abandoned",
                actual: "reach an ending",
            });
        }
        (Some(outcome), true) => {
            let debrief = versions
                .debrief(&session)
                .map_err(|error| Rejection::Replay(error.to_string()))?;
            let replayed = SessionOutcome::of(&debrief);
            if claimed.scoring_model == SCORING_MODEL {
                compare(outcome, &replayed)?;
            } else {
                // An older model's figures meant something else: they are recomputed, not
                // compared. Where the choices lead does not depend on the model.
                compare_ending(outcome, &replayed)?;
            }
            Some(replayed)
        }
    };
    // Timings are the one thing a replay cannot recompute; they are kept as given.
    let millis: Vec<u32> = claimed.millis.iter().map_while(|m| *m).collect();
    // Words are understood again by words alone (the model may not be here); a claim that
    // does not hold is not kept as fact, but the session it belongs to is.
    let (typed, words_dropped) = if claimed.typed.iter().all(Option::is_none) {
        (Vec::new(), None)
    } else {
        let matcher = WordMatcher::for_scenario(scenario);
        match check_typed(&session, &claimed.typed, &matcher) {
            Ok(typed) => (typed, None),
            Err(why) => (Vec::new(), Some(why)),
        }
    };
    Ok(Verified {
        rescored: outcome.is_some() && claimed.scoring_model < SCORING_MODEL,
        words_dropped,
        session: SessionData {
            uid: claimed.uid.to_ascii_lowercase(),
            trainee: claimed.trainee.trimmed(),
            outcome,
            scoring_model: SCORING_MODEL,
            turns: turns_of(&session, &millis),
            record,
            started_at: claimed.started_at,
            ended_at: claimed.ended_at,
            language: claimed.language.clone(),
        }
        .with_typed(&typed),
    })
}

/// Whether `claimed` is the session already stored under its id: the same export imported
/// again (`Ok`), or different content under the same id, which is refused with both versions
/// named so nobody's result is silently replaced or silently kept. Figures computed under
/// different scoring models are not compared: an older export of a session stored rescored is
/// the same session.
pub fn same_as_stored(claimed: &Claimed, stored: &SessionData) -> Result<(), Rejection> {
    let same_model = claimed.scoring_model == stored.scoring_model;
    let fields: [(&'static str, bool); 9] = [
        ("trainee", claimed.trainee.trimmed() != stored.trainee),
        ("scenario", claimed.scenario_id != stored.record.scenario_id),
        (
            "scenario version",
            claimed.content_hash != stored.record.content_hash.0,
        ),
        ("seed", claimed.seed != stored.record.seed),
        ("choices", claimed.choices != stored.record.choices),
        (
            "timings",
            claimed.millis.iter().map_while(|m| *m).collect::<Vec<_>>()
                != stored
                    .turns
                    .iter()
                    .map_while(|t| t.millis)
                    .collect::<Vec<_>>(),
        ),
        (
            "outcome",
            if same_model {
                claimed.outcome.as_ref().map(|o| {
                    (
                        o.ending.as_str(),
                        o.score,
                        o.csat,
                        o.nps,
                        o.retention.as_str(),
                    )
                }) != stored.outcome.as_ref().map(|o| {
                    (
                        o.ending.as_str(),
                        o.score,
                        o.csat,
                        o.nps,
                        o.retention.as_str(),
                    )
                })
            } else {
                claimed.outcome.as_ref().map(|o| &o.ending)
                    != stored.outcome.as_ref().map(|o| &o.ending)
            },
        ),
        ("start", claimed.started_at != stored.started_at),
        ("end", claimed.ended_at != stored.ended_at),
    ];
    let differing: Vec<&str> = fields
        .iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| *name)
        .collect();
    if differing.is_empty() {
        return Ok(());
    }
    let describe = |trainee: &Trainee, scenario: &str, started_at: i64, score: Option<u8>| {
        format!(
            "{} ({}), `{scenario}`, started {}, {}",
            trainee.name,
            if trainee.team.is_empty() {
                "no team"
            } else {
                &trainee.team
            },
            calendar::iso8601(started_at),
            score.map_or_else(|| "abandoned".to_owned(), |score| format!("score {score}")),
        )
    };
    Err(Rejection::Conflict {
        fields: differing.join(", "),
        stored: describe(
            &stored.trainee,
            &stored.record.scenario_id,
            stored.started_at,
            stored.outcome.as_ref().map(|o| o.score),
        ),
        claimed: describe(
            &claimed.trainee.trimmed(),
            &claimed.scenario_id,
            claimed.started_at,
            claimed.outcome.as_ref().map(|o| o.score),
        ),
    })
}

/// Refuses a claimed ending the replay does not reach.
fn compare_ending(claimed: &ClaimedOutcome, replayed: &SessionOutcome) -> Result<(), Rejection> {
    if claimed.ending == replayed.ending {
        return Ok(());
    }
    Err(Rejection::Mismatch {
        what: "ending",
        claimed: claimed.ending.clone(),
        replayed: replayed.ending.clone(),
    })
}

fn compare(claimed: &ClaimedOutcome, replayed: &SessionOutcome) -> Result<(), Rejection> {
    let fields: [(&'static str, String, String); 5] = [
        ("ending", claimed.ending.clone(), replayed.ending.clone()),
        (
            "score",
            claimed.score.to_string(),
            replayed.score.to_string(),
        ),
        ("CSAT", claimed.csat.to_string(), replayed.csat.to_string()),
        ("NPS", claimed.nps.to_string(), replayed.nps.to_string()),
        (
            "retention",
            claimed.retention.clone(),
            replayed.retention.clone(),
        ),
    ];
    for (what, claimed, replayed) in fields {
        if claimed != replayed {
            return Err(Rejection::Mismatch {
                what,
                claimed,
                replayed,
            });
        }
    }
    Ok(())
}

/// The sessions in an export file, CSV or xAPI (told apart by their first character).
pub fn read(text: &str) -> Result<Vec<Claimed>, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        super::xapi::read(trimmed).map_err(|error| format!("not a Rapport xAPI export: {error}"))
    } else {
        super::csv::read(text).map_err(|error| format!("not a Rapport CSV export: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_outside_the_plausible_range_are_refused_before_anything_else() {
        let claimed = |started_at: i64, ended_at: i64| Claimed {
            uid: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            trainee: Trainee::new("Dana", "Blue"),
            scenario_id: "demo".into(),
            content_hash: "abc".into(),
            seed: 1,
            choices: Vec::new(),
            millis: Vec::new(),
            typed: Vec::new(),
            outcome: None,
            scoring_model: SCORING_MODEL,
            started_at,
            ended_at,
            language: "en".into(),
        };
        let versions = Versions::default();
        for (start, end) in [
            (-99_937_213_440, 1_795_443_909),
            (1_795_443_909, i64::MAX),
            (i64::MIN, i64::MIN),
            (0, 10),
        ] {
            assert!(
                matches!(
                    verify(&claimed(start, end), &versions),
                    Err(Rejection::OutOfRange { .. })
                ),
                "{start}..{end}"
            );
        }
        // In range, it goes on to the next check (here: the unknown scenario version).
        assert!(matches!(
            verify(&claimed(1_795_443_909, 1_795_444_000), &versions),
            Err(Rejection::UnknownVersion { .. })
        ));
    }
}
