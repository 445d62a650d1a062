//! xAPI 1.0.3 statements for a learning record store. Per session:
//! - `completed` (or `abandoned`) with the duration, and in its context what a replay needs
//!   (scenario version, seed, choices) and the scoring model, so `rapport import` can check
//!   it (statements without the model were scored by model 1);
//! - for a finished session, `passed` or `failed` (score at least [`PASS_MARK`]) with the
//!   scaled score, success, completion, duration, and CSAT, NPS and retention as extensions;
//! - one `answered` per choice, the scenario as parent activity, with the response, how long
//!   the trainee took, the meter changes and the skills and pitfalls it showed. A reply the
//!   trainee typed is a `fill-in` interaction whose `response` is their words; how the words
//!   were understood (and what they showed) is the `typed` extension, and the reply they were
//!   taken as is the `choice` extension.
//!
//! Statement ids are derived from the session id, so exporting twice gives the same ids and
//! an LRS keeps one copy.

use serde_json::{Value, json};

use super::claimed::{Claimed, ClaimedOutcome, language_of};
use super::{Versions, choice_token, parse_choice};
use rapport_core::calendar::{iso8601, parse_iso8601};
use rapport_core::record::{SessionData, TypedReply, uuid_text};
use rapport_core::scoring::nps_category;
use rapport_core::trainee::Trainee;

/// A finished session scoring at least this (out of 100) is `passed`.
pub const PASS_MARK: u8 = 70;
/// Where Rapport's extension IRIs live: the vocabulary is Rapport's wherever it runs, so an
/// LRS's reports read the same extensions from every organisation. Activities and accounts are
/// the organisation's ([`Iris`]).
pub const BASE: &str = "https://rapport.training/xapi";
/// The home page of trainee accounts when none is configured.
pub const ACCOUNT_HOME: &str = "https://rapport.training";

/// The organisation's side of the statements: the system its trainees' accounts belong to
/// (`actor.account.homePage`), and the IRI under which its scenarios are activities
/// (`{activities}/scenarios/{id}` and `.../nodes/{node}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iris {
    pub home_page: String,
    pub activities: String,
}

impl Default for Iris {
    fn default() -> Self {
        Iris {
            home_page: ACCOUNT_HOME.into(),
            activities: BASE.into(),
        }
    }
}

impl Iris {
    /// Checks that both are absolute http(s) IRIs and drops a trailing `/` from the activity
    /// base (it is joined with `/scenarios/...`).
    pub fn new(home_page: &str, activities: &str) -> Result<Iris, String> {
        for (what, iri) in [("home page", home_page), ("activity base", activities)] {
            let rest = iri
                .strip_prefix("https://")
                .or_else(|| iri.strip_prefix("http://"))
                .ok_or_else(|| format!("the xAPI {what} `{iri}` is not an http(s) address"))?;
            let host = rest.split('/').next().unwrap_or_default();
            if host.is_empty() || iri.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!("the xAPI {what} `{iri}` has no host or has spaces"));
            }
        }
        Ok(Iris {
            home_page: home_page.into(),
            activities: activities.trim_end_matches('/').into(),
        })
    }
}

const ADL_VERBS: &str = "http://adlnet.gov/expapi/verbs";
const ABANDONED: &str = "https://w3id.org/xapi/adl/verbs/abandoned";

fn extension(name: &str) -> String {
    format!("{BASE}/extensions/{name}")
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for IRI path segments.
fn segment(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn scenario_activity(iris: &Iris, id: &str, title: Option<&str>) -> Value {
    json!({
        "objectType": "Activity",
        "id": format!("{}/scenarios/{}", iris.activities, segment(id)),
        "definition": {
            "name": { "en-US": title.unwrap_or(id) },
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    })
}

fn verb(id: &str, name: &str) -> Value {
    json!({ "id": id, "display": { "en-US": name } })
}

fn statement_id(session: &SessionData, label: &str) -> String {
    let hash = blake3::hash(format!("{}:{label}", session.uid).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash.as_bytes()[..16]);
    uuid_text(bytes)
}

/// An ISO 8601 duration from milliseconds: "PT12.345S".
pub fn duration(millis: u64) -> String {
    format!("PT{}.{:03}S", millis / 1000, millis % 1000)
}

/// Milliseconds of a duration written "PT…H…M…S" (the forms LRSs send back).
pub fn parse_duration(text: &str) -> Option<u64> {
    let mut rest = text.strip_prefix("PT")?;
    let mut millis = 0.0_f64;
    while !rest.is_empty() {
        let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
        let amount: f64 = rest[..end].parse().ok()?;
        let unit = match &rest[end..=end] {
            "H" => 3_600_000.0,
            "M" => 60_000.0,
            "S" => 1000.0,
            _ => return None,
        };
        millis += amount * unit;
        rest = &rest[end + 1..];
    }
    (millis.is_finite() && millis >= 0.0).then_some(millis.round() as u64)
}

/// The statements for `sessions`, as one JSON array, with Rapport's own IRIs.
pub fn write(sessions: &[SessionData], versions: &Versions) -> Value {
    write_for(sessions, versions, &Iris::default())
}

/// The statements for `sessions`, as one JSON array, with an organisation's IRIs.
pub fn write_for(sessions: &[SessionData], versions: &Versions, iris: &Iris) -> Value {
    let mut statements = Vec::new();
    for session in sessions {
        let scenario_id = &session.record.scenario_id;
        let activity = scenario_activity(iris, scenario_id, versions.title(scenario_id));
        let actor = json!({
            "objectType": "Agent",
            "name": session.trainee.name,
            "account": { "homePage": iris.home_page, "name": session.trainee.name },
        });
        let seconds = (session.ended_at - session.started_at).max(0) as u64;
        let context = json!({
            "registration": session.uid,
            "platform": "Rapport",
            "language": session.language,
            "extensions": {
                extension("team"): session.trainee.team,
                extension("scenario-version"): session.record.content_hash.0,
                // A string: seeds go beyond the integers JSON readers keep exact.
                extension("seed"): session.record.seed.to_string(),
                extension("choices"): session.record.choices.iter().map(|c| choice_token(*c)).collect::<Vec<_>>(),
                extension("scoring-model"): session.scoring_model,
            },
        });
        let ended = iso8601(session.ended_at);
        let (label, verb_value, completion) = match &session.outcome {
            Some(_) => (
                "completed",
                verb(&format!("{ADL_VERBS}/completed"), "completed"),
                true,
            ),
            None => ("abandoned", verb(ABANDONED, "abandoned"), false),
        };
        statements.push(json!({
            "id": statement_id(session, label),
            "actor": actor,
            "verb": verb_value,
            "object": activity,
            "result": { "completion": completion, "duration": duration(seconds * 1000) },
            "context": context,
            "timestamp": ended,
        }));
        if let Some(outcome) = &session.outcome {
            let passed = outcome.score >= PASS_MARK;
            let name = if passed { "passed" } else { "failed" };
            statements.push(json!({
                "id": statement_id(session, name),
                "actor": actor,
                "verb": verb(&format!("{ADL_VERBS}/{name}"), name),
                "object": activity,
                "result": {
                    "score": {
                        "scaled": f64::from(outcome.score) / 100.0,
                        "raw": outcome.score,
                        "min": 0,
                        "max": 100,
                    },
                    "success": passed,
                    "completion": true,
                    "duration": duration(seconds * 1000),
                    "extensions": {
                        extension("ending"): outcome.ending,
                        extension("csat"): outcome.csat,
                        extension("nps"): outcome.nps,
                        extension("nps-category"): nps_category(outcome.nps).label(),
                        extension("retention"): outcome.retention,
                    },
                },
                "context": { "registration": session.uid },
                "timestamp": ended,
            }));
        }
        let mut elapsed_ms = 0u64;
        for (index, turn) in session.turns.iter().enumerate() {
            elapsed_ms += u64::from(turn.millis.unwrap_or(0));
            let mut result = json!({
                "response": turn.typed.as_ref().map_or_else(|| choice_token(turn.choice), |typed| typed.text.clone()),
                "extensions": {
                    extension("choice"): choice_token(turn.choice),
                    extension("reply"): turn.reply,
                    extension("meters-after"): {
                        "satisfaction": turn.satisfaction,
                        "trust": turn.trust,
                        "patience": turn.patience,
                    },
                    extension("meter-changes"): {
                        "satisfaction": turn.changes[0],
                        "trust": turn.changes[1],
                        "patience": turn.changes[2],
                    },
                    extension("skills"): turn.skills,
                    extension("pitfalls"): turn.pitfalls,
                },
            });
            if let Some(millis) = turn.millis {
                result["duration"] = json!(duration(u64::from(millis)));
            }
            if let Some(typed) = &turn.typed {
                result["extensions"][extension("typed")] = json!(typed);
            }
            let interaction = if turn.typed.is_some() {
                "fill-in"
            } else {
                "choice"
            };
            statements.push(json!({
                "id": statement_id(session, &format!("turn-{}", index + 1)),
                "actor": actor,
                "verb": verb(&format!("{ADL_VERBS}/answered"), "answered"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{}/scenarios/{}/nodes/{}", iris.activities, segment(scenario_id), segment(&turn.node)),
                    "definition": {
                        "name": { "en-US": turn.node },
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "interactionType": interaction,
                    },
                },
                "result": result,
                "context": {
                    "registration": session.uid,
                    "language": session.language,
                    "contextActivities": { "parent": [activity] },
                    "extensions": { extension("turn"): index + 1 },
                },
                "timestamp": iso8601(session.started_at + (elapsed_ms / 1000) as i64),
            }));
        }
    }
    Value::Array(statements)
}

/// Reads the sessions back from statements this module wrote (an array, or one statement).
pub fn read(text: &str) -> Result<Vec<Claimed>, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let statements = match value {
        Value::Array(statements) => statements,
        statement @ Value::Object(_) => vec![statement],
        _ => return Err("expected an array of statements".into()),
    };
    // Statements grouped by session in one pass (a file of many sessions must not cost the
    // square of its length), sessions in the order their first statement appears.
    let mut sessions: Vec<(&str, Vec<&Value>)> = Vec::new();
    let mut index_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for statement in &statements {
        let registration = text_at(statement, "/context/registration")
            .ok_or("a statement has no context.registration (session id)")?;
        let index = *index_of.entry(registration).or_insert_with(|| {
            sessions.push((registration, Vec::new()));
            sessions.len() - 1
        });
        sessions[index].1.push(statement);
    }
    sessions
        .iter()
        .map(|(registration, of_session)| {
            session(registration, of_session)
                .map_err(|error| format!("session {registration}: {error}"))
        })
        .collect()
}

fn text_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer)?.as_str()
}

fn verb_name(statement: &Value) -> &str {
    text_at(statement, "/verb/id")
        .and_then(|id| id.rsplit('/').next())
        .unwrap_or_default()
}

/// JSON pointer to an extension: its IRI's `/` written `~1`.
fn extension_pointer(prefix: &str, name: &str) -> String {
    format!(
        "{prefix}/{}",
        extension(name).replace('~', "~0").replace('/', "~1")
    )
}

fn session(registration: &str, statements: &[&Value]) -> Result<Claimed, String> {
    let main = statements
        .iter()
        .find(|s| matches!(verb_name(s), "completed" | "abandoned"))
        .ok_or("no completed or abandoned statement")?;
    let context_text = |name: &str| -> Result<&str, String> {
        text_at(main, &extension_pointer("/context/extensions", name))
            .ok_or_else(|| format!("the {name} extension is missing"))
    };
    let trainee = text_at(main, "/actor/account/name")
        .or_else(|| text_at(main, "/actor/name"))
        .ok_or("the actor has no name")?;
    let choices = main
        .pointer(&extension_pointer("/context/extensions", "choices"))
        .and_then(Value::as_array)
        .ok_or("the choices extension is missing")?
        .iter()
        .map(|token| {
            token
                .as_str()
                .and_then(parse_choice)
                .ok_or_else(|| format!("`{token}` is not a choice"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Any organisation's activity base: the scenario id is what follows its `/scenarios/`.
    let scenario_id = text_at(main, "/object/id")
        .and_then(|id| id.rsplit_once("/scenarios/"))
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .ok_or("the object is not a Rapport scenario")?;
    let ended_at = text_at(main, "/timestamp")
        .and_then(parse_iso8601)
        .ok_or("the timestamp is missing or not ISO 8601 UTC")?;
    let seconds = text_at(main, "/result/duration")
        .and_then(parse_duration)
        .ok_or("the duration is missing or malformed")?
        / 1000;
    let outcome = match verb_name(main) {
        "completed" => {
            let graded = statements
                .iter()
                .find(|s| matches!(verb_name(s), "passed" | "failed"))
                .ok_or("a completed session has no passed or failed statement")?;
            let small = |pointer: &str, what: &str| -> Result<u8, String> {
                graded
                    .pointer(pointer)
                    .and_then(Value::as_u64)
                    .and_then(|value| u8::try_from(value).ok())
                    .ok_or_else(|| format!("the {what} is missing or not a small number"))
            };
            let result_text = |name: &str| -> Result<String, String> {
                text_at(graded, &extension_pointer("/result/extensions", name))
                    .map(str::to_owned)
                    .ok_or_else(|| format!("the {name} extension is missing"))
            };
            Some(ClaimedOutcome {
                ending: result_text("ending")?,
                score: small("/result/score/raw", "score")?,
                csat: small(&extension_pointer("/result/extensions", "csat"), "CSAT")?,
                nps: small(&extension_pointer("/result/extensions", "nps"), "NPS")?,
                retention: result_text("retention")?,
            })
        }
        _ => None,
    };
    let mut answered: Vec<(u64, Option<u32>, Option<TypedReply>)> = statements
        .iter()
        .filter(|s| verb_name(s) == "answered")
        .map(|s| {
            let turn = s
                .pointer(&extension_pointer("/context/extensions", "turn"))
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let millis = text_at(s, "/result/duration")
                .and_then(parse_duration)
                .and_then(|ms| u32::try_from(ms).ok());
            let typed = match s.pointer(&extension_pointer("/result/extensions", "typed")) {
                None => None,
                Some(typed) => Some(
                    serde_json::from_value(typed.clone())
                        .map_err(|error| format!("turn {turn}: the typed extension: {error}"))?,
                ),
            };
            Ok((turn, millis, typed))
        })
        .collect::<Result<_, String>>()?;
    answered.sort_by_key(|(turn, _, _)| *turn);
    let typed = answered.iter().map(|(_, _, typed)| typed.clone()).collect();
    Ok(Claimed {
        uid: registration.to_owned(),
        trainee: Trainee::new(trainee, context_text("team")?),
        scenario_id: percent_decode(scenario_id),
        content_hash: context_text("scenario-version")?.to_owned(),
        seed: context_text("seed")?
            .parse()
            .map_err(|_| "the seed is not a whole number".to_owned())?,
        choices,
        millis: answered.into_iter().map(|(_, millis, _)| millis).collect(),
        typed,
        outcome,
        scoring_model: match main
            .pointer(&extension_pointer("/context/extensions", "scoring-model"))
        {
            // Written before the model was recorded: model 1.
            None => 1,
            Some(model) => model
                .as_u64()
                .and_then(|model| u32::try_from(model).ok())
                .ok_or("the scoring-model extension is not a whole number")?,
        },
        started_at: ended_at - seconds as i64,
        ended_at,
        // Exports from before languages were recorded said `en-US`.
        language: text_at(main, "/context/language")
            .and_then(language_of)
            .unwrap_or_else(rapport_core::record::english),
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(byte) = text
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_back() {
        assert_eq!(duration(12_345), "PT12.345S");
        assert_eq!(parse_duration("PT12.345S"), Some(12_345));
        assert_eq!(parse_duration("PT1H2M3S"), Some(3_723_000));
        assert_eq!(parse_duration("P1D"), None);
        assert_eq!(parse_duration("PT-1S"), None);
    }

    #[test]
    fn ids_are_percent_encoded_and_decoded() {
        assert_eq!(segment("billing-error"), "billing-error");
        assert_eq!(segment("a b/é"), "a%20b%2F%C3%A9");
        assert_eq!(percent_decode(&segment("a b/é")), "a b/é");
    }
}
