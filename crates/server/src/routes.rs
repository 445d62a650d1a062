//! The HTTP interface, JSON in and out. Every handler names who may call it; the tests in
//! `tests/server.rs` at the top of the repository try each one as someone who may not.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use rapport_core::record::{SessionData, SessionOutcome, is_uid, turns_of};
use rapport_core::scenario::model::ContentHash;
use rapport_core::scoring::SCORING_MODEL;
use rapport_core::session::{Session, SessionRecord};
use rapport_core::submission::{
    Account, Board, ChoiceFigures, CohortChoices, Competition, Named, NewAccount, Play,
    PlayRequest, Receipt, Role, ScenarioVersion, SignIn, SignedIn, Submission, check_name,
};
use rapport_core::trainee::Trainee;
use serde::Deserialize;

use crate::auth::{self, FAILURE_WINDOW_MS, MAX_FAILURES};
use crate::db::{self, Caller, Kept, StartedPlay, SubmissionRow};
use crate::error::ApiError;
use crate::{AppState, MAX_BODY_BYTES, now_millis, now_seconds};

/// No human reads a customer's line and picks a reply faster than this.
pub const MIN_TURN_MILLIS: u32 = 250;
/// How much longer the claimed turn times may add up to than the server saw pass between
/// starting the session and receiving it (the two requests' own travel).
const CLOCK_SLACK_MILLIS: i64 = 2_000;

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/sign-in", post(sign_in))
        .route("/api/sign-out", post(sign_out))
        .route("/api/me", get(me))
        .route("/api/accounts", post(create_account))
        .route("/api/cohorts", post(create_cohort).get(cohorts))
        .route(
            "/api/cohorts/{cohort}/choices/{content_hash}",
            get(cohort_choices),
        )
        .route("/api/cohorts/{cohort}/teams", post(create_team))
        .route("/api/scenarios", get(scenarios))
        .route("/api/plays", post(start_play))
        .route("/api/submissions", post(submit))
        .route("/api/imports", post(import))
        .route("/api/exports", get(export))
        .route("/api/boards/{content_hash}", get(board))
        .route(
            "/api/competitions",
            post(create_competition).get(list_competitions),
        )
        .route("/api/competitions/{id}", get(competition))
        .route(
            "/api/competitions/{id}/boards/{content_hash}",
            get(competition_board),
        )
        .merge(crate::web::pages())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// A JSON body whose refusal is explained the way every other refusal is.
struct Body<T>(T);

impl<T, S> FromRequest<S> for Body<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(
                ApiError::BadRequest(format!("the request is larger than {MAX_BODY_BYTES} bytes")),
            ),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

/// The signed-in caller, from the `Authorization: Bearer` token.
struct Signed {
    caller: Caller,
    digest: String,
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized)?;
        let (caller, digest) = signed_in_as(state, token.trim()).await?;
        Ok(Signed { caller, digest })
    }
}

/// The account a token stands for, and the token's digest (which revokes it).
pub(crate) async fn signed_in_as(
    state: &AppState,
    token: &str,
) -> Result<(Caller, String), ApiError> {
    let digest = auth::token_digest(token);
    let looked_up = digest.clone();
    let caller = state
        .with_store(move |store| Ok(db::caller_by_token(store, &looked_up)?))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok((caller, digest))
}

fn name_of(text: &str) -> Result<String, ApiError> {
    check_name(text)
        .map(str::to_owned)
        .map_err(ApiError::BadRequest)
}

async fn health() -> &'static str {
    "ok"
}

async fn sign_in(
    State(state): State<AppState>,
    Body(request): Body<SignIn>,
) -> Result<Json<SignedIn>, ApiError> {
    state
        .with_store(move |store| Ok(Json(authenticate(store, &request)?)))
        .await
}

/// Checks a name and password (at most [`MAX_FAILURES`] failures a minute per name) and keeps
/// a new token for the account: the API's sign-in and the web pages' share it.
pub(crate) fn authenticate(
    store: &mut rapport_store::Store,
    request: &SignIn,
) -> Result<SignedIn, ApiError> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > rapport_core::submission::MAX_NAME_CHARS {
        return Err(ApiError::WrongPassword);
    }
    let now = now_millis();
    let (failures, oldest) = db::recent_failures(store, name, now - FAILURE_WINDOW_MS)?;
    if failures >= MAX_FAILURES {
        let retry_after = (oldest + FAILURE_WINDOW_MS - now).max(1000) / 1000;
        return Err(ApiError::TooManyAttempts {
            retry_after: retry_after as u64,
        });
    }
    let account = db::account_by_name(store, name)?;
    if !auth::verify_password(&request.password, account.as_ref().map(|(_, h)| h.as_str())) {
        db::record_failure(store, name, now)?;
        return Err(ApiError::WrongPassword);
    }
    let Some((caller, _)) = account else {
        return Err(ApiError::WrongPassword);
    };
    let token = auth::new_token();
    db::keep_token(store, &caller, &auth::token_digest(&token), now / 1000)?;
    Ok(SignedIn {
        token,
        account: caller.account(),
    })
}

async fn sign_out(State(state): State<AppState>, signed: Signed) -> Result<StatusCode, ApiError> {
    state
        .with_store(move |store| Ok(db::revoke_token(store, &signed.digest)?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(signed: Signed) -> Json<Account> {
    Json(signed.caller.account())
}

/// Admins make trainers (and admins); trainers enrol trainees in a cohort they lead.
async fn create_account(
    State(state): State<AppState>,
    signed: Signed,
    Body(request): Body<NewAccount>,
) -> Result<StatusCode, ApiError> {
    let caller = signed.caller;
    let name = name_of(&request.name)?;
    auth::check_password(&request.password).map_err(ApiError::BadRequest)?;
    let team = match request.team.trim() {
        "" => String::new(),
        team => name_of(team)?,
    };
    match (caller.role, request.role) {
        (Role::Admin, _) => {}
        (Role::Trainer, Role::Trainee) => {}
        (Role::Trainer, _) => {
            return Err(ApiError::Forbidden(
                "a trainer can create trainees only; an admin creates trainers".into(),
            ));
        }
        (Role::Trainee, _) => {
            return Err(ApiError::Forbidden(
                "a trainee cannot create accounts".into(),
            ));
        }
    }
    if request.role == Role::Trainee && request.cohort.is_none() {
        return Err(ApiError::BadRequest(
            "a trainee is enrolled in a cohort: name it".into(),
        ));
    }
    let cohort = request.cohort.as_deref().map(name_of).transpose()?;
    // Hashing takes a deliberate tenth of a second: off the async threads.
    let password = request.password;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let role = request.role;
    state
        .with_store(move |store| {
            store.write(|sql| {
                let cohort_id = match &cohort {
                    None => None,
                    Some(cohort) => {
                        let Some((id, trainer)) = db::cohort(sql, cohort)? else {
                            return Ok(Err(ApiError::NotFound(format!(
                                "no cohort is called `{cohort}`"
                            ))));
                        };
                        if caller.role != Role::Admin && trainer != caller.id {
                            return Ok(Err(ApiError::Forbidden(format!(
                                "cohort `{cohort}` is another trainer's"
                            ))));
                        }
                        if !team.is_empty() && !db::team_exists(sql, id, &team)? {
                            return Ok(Err(ApiError::NotFound(format!(
                                "cohort `{cohort}` has no team `{team}`"
                            ))));
                        }
                        Some(id)
                    }
                };
                if !db::create_account(sql, &name, &hash, role, cohort_id, &team, now_seconds())? {
                    return Ok(Err(ApiError::Conflict(format!(
                        "an account is already called `{name}`"
                    ))));
                }
                Ok(Ok(()))
            })?
        })
        .await?;
    Ok(StatusCode::CREATED)
}

async fn create_cohort(
    State(state): State<AppState>,
    signed: Signed,
    Body(request): Body<Named>,
) -> Result<StatusCode, ApiError> {
    let caller = signed.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden(
            "a trainee cannot create cohorts".into(),
        ));
    }
    let name = name_of(&request.name)?;
    state
        .with_store(move |store| {
            if store.write(|sql| db::create_cohort(sql, &name, caller.id, now_seconds()))? {
                Ok(StatusCode::CREATED)
            } else {
                Err(ApiError::Conflict(format!(
                    "a cohort is already called `{name}`"
                )))
            }
        })
        .await
}

/// The cohorts the caller leads (every cohort, for an admin).
async fn cohorts(
    State(state): State<AppState>,
    signed: Signed,
) -> Result<Json<Vec<String>>, ApiError> {
    let caller = signed.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden("cohorts are for trainers".into()));
    }
    state
        .with_store(move |store| Ok(Json(db::cohorts_led(store, &caller)?)))
        .await
}

/// How a cohort chose at each node of one scenario version, for its trainer's author map.
async fn cohort_choices(
    State(state): State<AppState>,
    signed: Signed,
    Path((cohort, content_hash)): Path<(String, String)>,
) -> Result<Json<CohortChoices>, ApiError> {
    let caller = signed.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden(
            "a cohort's choices are for its trainer".into(),
        ));
    }
    if state.versions.get(&content_hash).is_none() {
        return Err(ApiError::NotFound(format!(
            "this server holds no scenario version {content_hash}"
        )));
    }
    state
        .with_store(move |store| {
            let cohort_id = led_cohort(store, &caller, &cohort)?;
            let choices = db::choices_made(store, cohort_id, &content_hash)?
                .into_iter()
                .filter_map(|(node, choice, times, average_score)| {
                    Some(ChoiceFigures {
                        node,
                        choice: serde_json::from_str(&choice).ok()?,
                        times,
                        average_score,
                    })
                })
                .collect();
            let mut endings: Vec<(String, u32)> = Vec::new();
            for (ending, _) in db::last_nodes(store, cohort_id, &content_hash)? {
                match endings.iter_mut().find(|(id, _)| *id == ending) {
                    Some((_, count)) => *count += 1,
                    None => endings.push((ending, 1)),
                }
            }
            endings.sort();
            let sessions = endings.iter().map(|(_, count)| count).sum();
            Ok(Json(CohortChoices {
                cohort,
                content_hash,
                sessions,
                choices,
                endings,
            }))
        })
        .await
}

async fn create_team(
    State(state): State<AppState>,
    signed: Signed,
    Path(cohort): Path<String>,
    Body(request): Body<Named>,
) -> Result<StatusCode, ApiError> {
    let caller = signed.caller;
    let team = name_of(&request.name)?;
    state
        .with_store(move |store| {
            store.write(|sql| {
                let Some((id, trainer)) = db::cohort(sql, &cohort)? else {
                    return Ok(Err(ApiError::NotFound(format!(
                        "no cohort is called `{cohort}`"
                    ))));
                };
                if caller.role != Role::Admin && trainer != caller.id {
                    return Ok(Err(ApiError::Forbidden(format!(
                        "only cohort `{cohort}`'s trainer can add its teams"
                    ))));
                }
                if !db::create_team(sql, id, &team)? {
                    return Ok(Err(ApiError::Conflict(format!(
                        "cohort `{cohort}` already has a team `{team}`"
                    ))));
                }
                Ok(Ok(StatusCode::CREATED))
            })?
        })
        .await
}

async fn scenarios(State(state): State<AppState>, _signed: Signed) -> Json<Vec<ScenarioVersion>> {
    Json(state.scenarios.as_ref().clone())
}

/// Which cohort a board request is for, checked against who asks.
fn board_cohort(
    store: &mut rapport_store::Store,
    caller: &Caller,
    cohort: Option<&str>,
) -> Result<(i64, String), ApiError> {
    match (caller.role, cohort) {
        (Role::Trainee, requested) => {
            let (Some(id), Some(own)) = (caller.cohort_id, caller.cohort.clone()) else {
                return Err(ApiError::Forbidden(
                    "you are not enrolled in a cohort".into(),
                ));
            };
            if requested.is_some_and(|requested| requested != own) {
                return Err(ApiError::Forbidden(
                    "a trainee sees their own cohort's boards only".into(),
                ));
            }
            Ok((id, own))
        }
        (_, None) => Err(ApiError::BadRequest("name the cohort: ?cohort=NAME".into())),
        (role, Some(requested)) => {
            let requested = requested.to_owned();
            let Some((id, trainer)) = store.read(|sql| db::cohort(sql, &requested))? else {
                return Err(ApiError::NotFound(format!(
                    "no cohort is called `{requested}`"
                )));
            };
            if role != Role::Admin && trainer != caller.id {
                return Err(ApiError::Forbidden(format!(
                    "cohort `{requested}` is another trainer's"
                )));
            }
            Ok((id, requested))
        }
    }
}

#[derive(Debug, Deserialize)]
struct BoardQuery {
    cohort: Option<String>,
    /// The board of sessions played by typing.
    #[serde(default)]
    typed: bool,
}

/// Which of a competition's boards: chosen replies (the default) or typed ones.
#[derive(Debug, Deserialize)]
struct TypedQuery {
    #[serde(default)]
    typed: bool,
}

async fn board(
    State(state): State<AppState>,
    signed: Signed,
    Path(content_hash): Path<String>,
    Query(query): Query<BoardQuery>,
) -> Result<Json<Board>, ApiError> {
    let scenario_id = state
        .versions
        .get(&content_hash)
        .map(|scenario| scenario.meta.id.clone())
        .ok_or_else(|| {
            ApiError::NotFound(format!("this server holds no version {content_hash}"))
        })?;
    state
        .with_store(move |store| {
            let (cohort_id, cohort) = board_cohort(store, &signed.caller, query.cohort.as_deref())?;
            let (trainees, teams) = db::board(store, &content_hash, cohort_id, None, query.typed)?;
            Ok(Json(Board {
                scenario_id,
                content_hash,
                cohort,
                competition: None,
                typed: query.typed,
                trainees,
                teams,
            }))
        })
        .await
}

async fn start_play(
    State(state): State<AppState>,
    signed: Signed,
    Body(request): Body<PlayRequest>,
) -> Result<Json<Play>, ApiError> {
    let caller = signed.caller;
    let scenario = state.versions.get(&request.content_hash).ok_or_else(|| {
        ApiError::NotFound(format!(
            "this server holds no scenario version {}",
            request.content_hash
        ))
    })?;
    if !scenario.meta.scored {
        return Err(ApiError::Refused(format!(
            "`{}` is a tutorial: play it locally, it is not scored",
            scenario.meta.id
        )));
    }
    let uid = match &request.uid {
        Some(uid) if is_uid(uid) => uid.to_ascii_lowercase(),
        Some(uid) => {
            return Err(ApiError::BadRequest(format!(
                "`{uid}` is not a session id (a UUID)"
            )));
        }
        None => rapport_core::record::new_uid(),
    };
    let seed = request.seed.unwrap_or_else(rand::random);
    let reply = Play {
        uid: uid.clone(),
        content_hash: request.content_hash.clone(),
        seed,
        competition: request.competition,
    };
    state
        .with_store(move |store| {
            let player = match &request.player {
                None => caller.clone(),
                Some(name) => proctored_player(store, &caller, name)?,
            };
            let play = StartedPlay {
                account_id: player.id,
                proctor_id: (player.id != caller.id).then_some(caller.id),
                content_hash: request.content_hash.clone(),
                seed,
                competition_id: request.competition,
                issued_at_ms: now_millis(),
            };
            if let Some(id) = play.competition_id {
                check_competition_entry(store, &player, id, &play.content_hash)?;
            }
            if !db::start_play(store, &uid, &play)? {
                // The same request again (its answer was lost) is the same session.
                let same = db::play(store, &uid)?.is_some_and(|started| {
                    started.account_id == play.account_id
                        && started.proctor_id == play.proctor_id
                        && started.content_hash == play.content_hash
                        && started.seed == play.seed
                        && started.competition_id == play.competition_id
                });
                if !same {
                    return Err(ApiError::Conflict(
                        "a different session was already started under this id".into(),
                    ));
                }
            }
            Ok(Json(reply))
        })
        .await
}

/// The trainee a trainer starts a session for at the trainer's keyboard: only a trainee of one
/// of the trainer's cohorts (any trainee, for an admin).
fn proctored_player(
    store: &mut rapport_store::Store,
    caller: &Caller,
    name: &str,
) -> Result<Caller, ApiError> {
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden(
            "a trainee plays their own sessions only".into(),
        ));
    }
    let Some((player, _)) = db::account_by_name(store, name.trim())? else {
        return Err(ApiError::NotFound(format!("no account is called `{name}`")));
    };
    if player.role != Role::Trainee {
        return Err(ApiError::BadRequest(format!("`{name}` is not a trainee")));
    }
    if caller.role == Role::Trainer {
        let leads = match &player.cohort {
            Some(cohort) => store
                .read(|sql| db::cohort(sql, cohort))?
                .is_some_and(|(_, trainer)| trainer == caller.id),
            None => false,
        };
        if !leads {
            return Err(ApiError::Forbidden(format!(
                "`{name}` is not a trainee of one of your cohorts"
            )));
        }
    }
    Ok(player)
}

/// Whether `caller` may start a session of `content_hash` for competition `id` now.
fn check_competition_entry(
    store: &mut rapport_store::Store,
    caller: &Caller,
    id: i64,
    content_hash: &str,
) -> Result<(), ApiError> {
    let Some((competition, cohort_id)) = db::competition(store, id)? else {
        return Err(ApiError::NotFound(format!("no competition {id}")));
    };
    if caller.cohort_id != Some(cohort_id) {
        return Err(ApiError::Forbidden(format!(
            "competition `{}` is for cohort `{}`",
            competition.name, competition.cohort
        )));
    }
    if !competition.teams.is_empty() && !competition.teams.contains(&caller.team) {
        return Err(ApiError::Forbidden(format!(
            "your team does not compete in `{}`",
            competition.name
        )));
    }
    if !competition
        .content_hashes
        .iter()
        .any(|hash| hash == content_hash)
    {
        return Err(ApiError::Refused(format!(
            "competition `{}` does not include this scenario version",
            competition.name
        )));
    }
    let now = now_seconds();
    if now < competition.starts_at || now >= competition.ends_at {
        return Err(ApiError::Refused(format!(
            "competition `{}` is not running now",
            competition.name
        )));
    }
    Ok(())
}

/// Replays `submission` on the version it names and returns the session as the server scores
/// it, or why it is refused.
fn replay(
    state: &AppState,
    submission: &Submission,
    trainee: Trainee,
    started_at: i64,
    ended_at: i64,
) -> Result<(SessionData, Option<String>), ApiError> {
    let scenario = state
        .versions
        .get(&submission.content_hash)
        .ok_or_else(|| {
            ApiError::Refused(format!(
                "this server holds no scenario version {}",
                submission.content_hash
            ))
        })?;
    if scenario.meta.id != submission.scenario_id {
        return Err(ApiError::Refused(format!(
            "version {} is scenario `{}`, not `{}`",
            submission.content_hash, scenario.meta.id, submission.scenario_id
        )));
    }
    if !scenario.meta.scored {
        return Err(ApiError::Refused(format!(
            "`{}` is a tutorial: its sessions are not scored",
            scenario.meta.id
        )));
    }
    let record = SessionRecord {
        scenario_id: submission.scenario_id.clone(),
        content_hash: ContentHash(submission.content_hash.clone()),
        seed: submission.seed,
        choices: submission.choices.clone(),
    };
    let session = Session::replay(Arc::clone(scenario), &record)
        .map_err(|error| ApiError::Refused(format!("its choices cannot be replayed: {error}")))?;
    let outcome = match (&submission.ending, session.is_finished()) {
        (None, false) => None,
        (Some(ending), false) => {
            return Err(ApiError::Refused(format!(
                "it claims ending `{ending}`, but its choices stop before any ending"
            )));
        }
        (None, true) => {
            return Err(ApiError::Refused(
                "it claims to be abandoned, but its choices reach an ending".into(),
            ));
        }
        (Some(ending), true) => {
            let debrief = state
                .versions
                .debrief(&session)
                .map_err(|error| ApiError::Refused(format!("it cannot be scored: {error}")))?;
            let outcome = SessionOutcome::of(&debrief);
            if &outcome.ending != ending {
                return Err(ApiError::Refused(format!(
                    "it claims ending `{ending}`, but its choices end at `{}`",
                    outcome.ending
                )));
            }
            Some(outcome)
        }
    };
    // The words are believed once they read as the replies recorded; if not, the session is
    // kept without them and ranks as chosen.
    let (typed, words_not_kept) = if submission.typed.iter().all(Option::is_none) {
        (Vec::new(), None)
    } else {
        match state.typed.check(&session, &submission.typed) {
            Ok(typed) => (typed, None),
            Err(why) => (Vec::new(), Some(why)),
        }
    };
    let data = SessionData {
        uid: submission.uid.clone(),
        trainee,
        outcome,
        scoring_model: SCORING_MODEL,
        turns: turns_of(&session, &submission.millis),
        record,
        started_at,
        ended_at,
        // A tag the server cannot read is kept as English rather than refusing the session.
        language: submission
            .language
            .as_deref()
            .and_then(rapport_store::export::claimed::language_of)
            .unwrap_or_else(rapport_core::record::english),
    }
    .with_typed(&typed);
    Ok((data, words_not_kept))
}

/// Refuses turn times no person could have had, or more time than passed on the server's clock.
fn check_timings(submission: &Submission, elapsed_ms: Option<i64>) -> Result<(), ApiError> {
    if submission.millis.len() != submission.choices.len() {
        return Err(ApiError::Refused(format!(
            "it has {} choices but {} turn times",
            submission.choices.len(),
            submission.millis.len()
        )));
    }
    if let Some(turn) = submission.millis.iter().position(|&m| m < MIN_TURN_MILLIS) {
        return Err(ApiError::Refused(format!(
            "turn {} took {} ms: nobody reads a line and chooses a reply in under {MIN_TURN_MILLIS} ms",
            turn + 1,
            submission.millis[turn]
        )));
    }
    let claimed: i64 = submission.millis.iter().map(|&m| i64::from(m)).sum();
    if let Some(elapsed) = elapsed_ms
        && claimed > elapsed + CLOCK_SLACK_MILLIS
    {
        return Err(ApiError::Refused(format!(
            "its turns add up to {} s, but only {} s passed since the server started it",
            claimed / 1000,
            elapsed / 1000
        )));
    }
    Ok(())
}

async fn submit(
    State(state): State<AppState>,
    signed: Signed,
    Body(submission): Body<Submission>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let caller = signed.caller;
    if !is_uid(&submission.uid) {
        return Err(ApiError::BadRequest(format!(
            "`{}` is not a session id (a UUID)",
            submission.uid
        )));
    }
    let received_at_ms = now_millis();
    let fingerprint = submission.fingerprint();
    let worker = state.clone();
    state
        .with_store(move |store| {
            let state = worker;
            let uid = submission.uid.to_ascii_lowercase();
            let started = db::play(store, &uid)?;
            // A session a trainer proctored is the trainee's, sent by the trainer.
            let player = match &started {
                Some(play) if play.proctor_id == Some(caller.id) => {
                    db::caller_by_id(store, play.account_id)?.ok_or(ApiError::Internal)?
                }
                _ => caller.clone(),
            };
            let (ranked, competition_id, started_at_ms) = match (&started, submission.offline) {
                (Some(play), _) => {
                    if play.account_id != player.id {
                        return Err(ApiError::Forbidden(
                            "this session was started by another account".into(),
                        ));
                    }
                    if play.content_hash != submission.content_hash || play.seed != submission.seed
                    {
                        return Err(ApiError::Refused(
                            "its scenario version or seed is not the one the server started it with"
                                .into(),
                        ));
                    }
                    check_timings(&submission, Some(received_at_ms - play.issued_at_ms))?;
                    (true, play.competition_id, play.issued_at_ms)
                }
                (None, true) => {
                    check_timings(&submission, None)?;
                    let played: i64 = submission.millis.iter().map(|&m| i64::from(m)).sum();
                    (false, None, received_at_ms - played)
                }
                (None, false) => {
                    return Err(ApiError::NotFound(
                        "this server did not start this session (start it with POST /api/plays, or mark it offline)"
                            .into(),
                    ));
                }
            };
            let submission = Submission { uid, ..submission };
            let (session, words_not_kept) = replay(
                &state,
                &submission,
                Trainee::new(player.name.clone(), player.team.clone()),
                started_at_ms / 1000,
                received_at_ms / 1000,
            )?;
            let row = SubmissionRow {
                account_id: player.id,
                cohort_id: player.cohort_id,
                team: player.team.clone(),
                competition_id,
                fingerprint: fingerprint.clone(),
                ranked,
                imported: false,
                received_at_ms,
            };
            let kept = db::store_submission(store, &session, &row)?;
            if kept == Kept::New {
                state.stored.notify_one();
            }
            let (status, Json(receipt)) =
                answer(kept, &session, &row, |stored| stored.account_id == player.id)?;
            Ok((
                status,
                Json(Receipt {
                    words_not_kept,
                    ..receipt
                }),
            ))
        })
        .await
}

/// The id of cohort `name`, when `caller` leads it (or is an admin).
pub(crate) fn led_cohort(
    store: &mut rapport_store::Store,
    caller: &Caller,
    name: &str,
) -> Result<i64, ApiError> {
    let Some((id, trainer)) = store.read(|sql| db::cohort(sql, name))? else {
        return Err(ApiError::NotFound(format!("no cohort is called `{name}`")));
    };
    if caller.role != Role::Admin && trainer != caller.id {
        return Err(ApiError::Forbidden(format!(
            "cohort `{name}` is another trainer's"
        )));
    }
    Ok(id)
}

/// What the server computed, as the client is told it.
fn receipt(
    session: &SessionData,
    ranked: bool,
    received_at_ms: i64,
    already_stored: bool,
) -> Receipt {
    let outcome = session.outcome.as_ref();
    Receipt {
        uid: session.uid.clone(),
        score: outcome.map(|o| o.score),
        ending: outcome.map(|o| o.ending.clone()),
        csat: outcome.map(|o| o.csat),
        nps: outcome.map(|o| o.nps),
        retention: outcome.map(|o| o.retention.clone()),
        ranked,
        received_at_ms,
        already_stored,
        typed: session.typed(),
        words_not_kept: None,
    }
}

/// The answer to storing `session`: 201 when it is new; 200 with what was stored the first
/// time when the same content came again from the same sender (`same_sender`); 409 otherwise,
/// with nothing changed.
fn answer(
    kept: Kept,
    session: &SessionData,
    row: &SubmissionRow,
    same_sender: impl Fn(&db::Stored) -> bool,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    match kept {
        Kept::New => Ok((
            StatusCode::CREATED,
            Json(receipt(session, row.ranked, row.received_at_ms, false)),
        )),
        Kept::Existing(stored) if stored.fingerprint == row.fingerprint && same_sender(&stored) => {
            Ok((
                StatusCode::OK,
                Json(receipt(session, stored.ranked, stored.received_at_ms, true)),
            ))
        }
        Kept::Existing(_) | Kept::Foreign => Err(ApiError::Conflict(
            "a different session is already stored under this id; nothing was changed".into(),
        )),
    }
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    /// `csv` or `xapi`.
    format: String,
    cohort: String,
    competition: Option<i64>,
    /// A day, YYYY-MM-DD (UTC): sessions received from then on.
    since: Option<String>,
    /// A day, YYYY-MM-DD (UTC): sessions received up to its end.
    until: Option<String>,
}

/// A cohort's sessions for a spreadsheet (CSV) or a learning record store (xAPI 1.0.3), for
/// the cohort's trainer (or an admin) only.
async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<ExportQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let caller = signed.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden(
            "exports are for trainers: your own sessions are in your history".into(),
        ));
    }
    let xapi = match query.format.as_str() {
        "csv" => false,
        "xapi" => true,
        other => {
            return Err(ApiError::BadRequest(format!(
                "`{other}` is not an export format: csv or xapi"
            )));
        }
    };
    let day_ms = |day: Option<&str>| {
        day.map(|day| {
            rapport_core::calendar::parse_day(day)
                .map(|seconds| seconds * 1000)
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("`{day}` is not a day written YYYY-MM-DD"))
                })
        })
        .transpose()
    };
    let since_ms = day_ms(query.since.as_deref())?;
    // Up to the end of the day named.
    let before_ms = day_ms(query.until.as_deref())?.map(|start| start + 86_400_000);
    let versions = state.versions.clone();
    let iris = std::sync::Arc::clone(&state.xapi);
    let body = state
        .with_store(move |store| {
            let cohort_id = led_cohort(store, &caller, &query.cohort)?;
            if let Some(id) = query.competition {
                let Some((competition, owner)) = db::competition(store, id)? else {
                    return Err(ApiError::NotFound(format!("no competition {id}")));
                };
                if owner != cohort_id {
                    return Err(ApiError::NotFound(format!(
                        "competition `{}` is not cohort `{}`'s",
                        competition.name, query.cohort
                    )));
                }
            }
            let sessions =
                db::cohort_sessions(store, cohort_id, query.competition, since_ms, before_ms)?;
            Ok(if xapi {
                let statements =
                    rapport_store::export::xapi::write_for(&sessions, &versions, &iris);
                serde_json::to_string_pretty(&statements).map_err(ApiError::internal)? + "\n"
            } else {
                rapport_store::export::csv::write(&sessions, &versions)
            })
        })
        .await?;
    let kind = if xapi {
        "application/json"
    } else {
        "text/csv; charset=utf-8"
    };
    Ok(([(axum::http::header::CONTENT_TYPE, kind)], body).into_response())
}

/// A trainer imports a session exported on another machine into one of their cohorts: it is
/// replayed and verified as `rapport import` does, kept as imported, and never ranked (nobody
/// saw it played: its times and its player are the file's word).
async fn import(
    State(state): State<AppState>,
    signed: Signed,
    Body(request): Body<rapport_store::export::claimed::ImportRequest>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let caller = signed.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden(
            "a trainee cannot import sessions".into(),
        ));
    }
    let fingerprint = blake3::hash(
        serde_json::to_string(&request.session)
            .map_err(ApiError::internal)?
            .as_bytes(),
    )
    .to_hex()
    .to_string();
    let versions = state.versions.clone();
    let stored = std::sync::Arc::clone(&state.stored);
    state
        .with_store(move |store| {
            // The replay works out the scenario's values the first time: off the async threads.
            let session = rapport_store::export::import::verify(&request.session, &versions)
                .map_err(|rejection| ApiError::Refused(rejection.to_string()))?
                .session;
            let cohort = request.cohort.clone();
            let cohort_id = led_cohort(store, &caller, &cohort)?;
            let received_at_ms = now_millis();
            let row = SubmissionRow {
                account_id: caller.id,
                cohort_id: Some(cohort_id),
                team: session.trainee.team.clone(),
                competition_id: None,
                fingerprint: fingerprint.clone(),
                ranked: false,
                imported: true,
                received_at_ms,
            };
            let kept = db::store_submission(store, &session, &row)?;
            if kept == Kept::New {
                stored.notify_one();
            }
            answer(kept, &session, &row, |_| true)
        })
        .await
}

async fn create_competition(
    State(state): State<AppState>,
    signed: Signed,
    Body(request): Body<Competition>,
) -> Result<(StatusCode, Json<Competition>), ApiError> {
    let caller = signed.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden(
            "a trainee cannot create competitions".into(),
        ));
    }
    let name = name_of(&request.name)?;
    if request.content_hashes.is_empty() {
        return Err(ApiError::BadRequest(
            "a competition needs at least one scenario version".into(),
        ));
    }
    for hash in &request.content_hashes {
        match state.versions.get(hash) {
            None => {
                return Err(ApiError::BadRequest(format!(
                    "this server holds no scenario version {hash}"
                )));
            }
            Some(scenario) if !scenario.meta.scored => {
                return Err(ApiError::BadRequest(format!(
                    "`{}` is a tutorial and cannot be competed on",
                    scenario.meta.id
                )));
            }
            Some(_) => {}
        }
    }
    if request.ends_at <= request.starts_at {
        return Err(ApiError::BadRequest(
            "a competition must end after it starts".into(),
        ));
    }
    let teams = request
        .teams
        .iter()
        .map(|team| name_of(team))
        .collect::<Result<Vec<_>, _>>()?;
    state
        .with_store(move |store| {
            let cohort = request.cohort.clone();
            let cohort_id = led_cohort(store, &caller, &cohort)?;
            for team in &teams {
                if !store.read(|sql| db::team_exists(sql, cohort_id, team))? {
                    return Err(ApiError::NotFound(format!(
                        "cohort `{cohort}` has no team `{team}`"
                    )));
                }
            }
            let mut competition = Competition {
                name,
                teams,
                ..request
            };
            competition.id = db::create_competition(store, &competition, cohort_id, caller.id)?;
            Ok((StatusCode::CREATED, Json(competition)))
        })
        .await
}

/// The competitions of a cohort (a trainee's own; a trainer's with `?cohort=NAME`).
async fn list_competitions(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<BoardQuery>,
) -> Result<Json<Vec<Competition>>, ApiError> {
    state
        .with_store(move |store| {
            let (cohort_id, _) = board_cohort(store, &signed.caller, query.cohort.as_deref())?;
            let mut competitions = Vec::new();
            for id in db::competitions_of(store, cohort_id)? {
                if let Some((competition, _)) = db::competition(store, id)? {
                    competitions.push(competition);
                }
            }
            Ok(Json(competitions))
        })
        .await
}

/// A competition, to its cohort's trainees, its trainer and admins.
pub(crate) fn visible_competition(
    store: &mut rapport_store::Store,
    caller: &Caller,
    id: i64,
) -> Result<(Competition, i64), ApiError> {
    let Some((competition, cohort_id)) = db::competition(store, id)? else {
        return Err(ApiError::NotFound(format!("no competition {id}")));
    };
    let allowed = match caller.role {
        Role::Admin => true,
        Role::Trainee => caller.cohort_id == Some(cohort_id),
        Role::Trainer => store
            .read(|sql| db::cohort(sql, &competition.cohort))?
            .is_some_and(|(_, trainer)| trainer == caller.id),
    };
    if !allowed {
        return Err(ApiError::Forbidden(format!(
            "competition {id} is another cohort's"
        )));
    }
    Ok((competition, cohort_id))
}

async fn competition(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Result<Json<Competition>, ApiError> {
    state
        .with_store(move |store| Ok(Json(visible_competition(store, &signed.caller, id)?.0)))
        .await
}

async fn competition_board(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, content_hash)): Path<(i64, String)>,
    Query(query): Query<TypedQuery>,
) -> Result<Json<Board>, ApiError> {
    let versions = state.versions.clone();
    state
        .with_store(move |store| {
            let (competition, cohort_id) = visible_competition(store, &signed.caller, id)?;
            if !competition.content_hashes.contains(&content_hash) {
                return Err(ApiError::NotFound(format!(
                    "competition `{}` does not include version {content_hash}",
                    competition.name
                )));
            }
            let scenario_id = versions
                .get(&content_hash)
                .map(|scenario| scenario.meta.id.clone())
                .unwrap_or_default();
            let (trainees, teams) =
                db::board(store, &content_hash, cohort_id, Some(id), query.typed)?;
            Ok(Json(Board {
                scenario_id,
                content_hash,
                cohort: competition.cohort,
                competition: Some(id),
                typed: query.typed,
                trainees,
                teams,
            }))
        })
        .await
}
