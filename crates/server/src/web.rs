//! The server's web pages, rendered on the server with the same accounts as the API: sign-in,
//! a trainee's own history, and a competition's board, live on a phone or a wall screen (the
//! one script on any page reloads the board when the server says it changed). Every value is
//! escaped by `maud`; forms carry a CSRF token (a random value in a cookie and in the form,
//! which a page of another site can neither read nor set).

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::{DOCTYPE, Markup, html};
use rapport_core::submission::{Role, SignIn};
use serde::Deserialize;

use crate::auth;
use crate::db::{self, Caller};
use crate::error::ApiError;
use crate::{AppState, routes};

/// The cookie that holds a browser's sign-in token (readable by no script).
const TOKEN_COOKIE: &str = "rapport_token";
/// The cookie that holds the CSRF value the forms repeat.
const CSRF_COOKIE: &str = "rapport_csrf";
/// How often a live board asks the database whether it changed.
const LIVE_POLL: Duration = Duration::from_millis(500);

pub(crate) fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/history", get(history))
        .route("/cohorts/{name}", get(cohort))
        .route("/competitions/{id}", get(competition))
        .route("/competitions/{id}/events", get(competition_events))
}

/// A page's answer to a refusal: the sentence, in a page.
struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        PageError(error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, ApiError::Unauthorized) {
            return Redirect::to("/login").into_response();
        }
        let status = self.0.into_response().status();
        let text = match status.as_u16() {
            403 => "This page is not yours to see.",
            404 => "There is no such page.",
            _ => "The server could not show this page just now; try again.",
        };
        (
            status,
            layout("Rapport", false, None, html! { p.notice { (text) } }),
        )
            .into_response()
    }
}

/// The signed-in visitor of a page, from the token cookie.
struct Visitor {
    caller: Caller,
    digest: String,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(TOKEN_COOKIE)
            .map(|cookie| cookie.value().to_owned())
            .ok_or(ApiError::Unauthorized)?;
        let (caller, digest) = routes::signed_in_as(state, &token).await?;
        Ok(Visitor { caller, digest })
    }
}

/// The CSRF value of this browser, made (and set as a cookie) when it has none.
fn csrf(jar: CookieJar) -> (CookieJar, String) {
    if let Some(value) = jar.get(CSRF_COOKIE).map(|cookie| cookie.value().to_owned()) {
        return (jar, value);
    }
    let value = auth::new_token();
    let cookie = Cookie::build((CSRF_COOKIE, value.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .build();
    (jar.add(cookie), value)
}

/// Whether a form's CSRF field is this browser's own value.
fn csrf_matches(jar: &CookieJar, sent: &str) -> bool {
    jar.get(CSRF_COOKIE)
        .is_some_and(|cookie| !sent.is_empty() && cookie.value() == sent)
}

const STYLE: &str = "
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem;
       background: #1b1b1b; color: #e8e8e8; line-height: 1.4; }
a { color: #8cc8ff; }
h1 { font-weight: 500; margin: 0.2rem 0 1rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #333; }
th { color: #aaa; font-weight: 500; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.weak { color: #999; }
.notice { color: #f0be5a; }
nav { display: flex; gap: 1rem; align-items: center; margin-bottom: 1rem; }
nav form { margin-left: auto; }
button, input { font: inherit; padding: 0.4rem 0.8rem; }
label { display: block; margin: 0.6rem 0 0.2rem; }
th.number { text-align: right; }
body.wall { max-width: none; font-size: 1.5vw; }
body.wall nav { display: none; }
body.wall #boards { display: grid; gap: 0 3vw; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); }
";

/// Every page: the head, a bar with who is signed in (unless on a wall screen), the content.
fn layout(title: &str, wall: bool, nav: Option<(&Caller, &str)>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (maud::PreEscaped(STYLE)) }
            }
            body class=[wall.then_some("wall")] {
                @if let Some((caller, csrf)) = nav {
                    nav {
                        strong { "Rapport" }
                        @if caller.role == Role::Trainee {
                            a href="/history" { "My history" }
                        } @else {
                            a href="/" { "Competitions" }
                        }
                        span.weak { (caller.name) " (" (caller.role.label()) ")" }
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { "Sign out" }
                        }
                    }
                }
                (content)
            }
        }
    }
}

/// A trainee's start is their history; a trainer's, the competitions of their cohorts.
async fn home(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let caller = visitor.caller;
    if caller.role == Role::Trainee {
        return Ok(Redirect::to("/history").into_response());
    }
    let viewer = caller.clone();
    let (cohorts, competitions) = state
        .with_store(move |store| {
            Ok((
                db::cohorts_led(store, &viewer)?,
                db::competitions_led(store, &viewer)?,
            ))
        })
        .await?;
    let (jar, csrf) = csrf(jar);
    let content = html! {
        h1 { "Cohorts" }
        @if cohorts.is_empty() {
            p.weak { "None yet: rapport trainer cohort NAME" }
        } @else {
            ul {
                @for name in &cohorts {
                    li { a href={ "/cohorts/" (url_escape(name)) } { (name) } }
                }
            }
        }
        h1 { "Competitions" }
        @if competitions.is_empty() {
            p.weak { "None yet: rapport trainer competition NAME --cohort COHORT --scenario ID" }
        } @else {
            table {
                thead { tr { th { "competition" } th { "cohort" } th { "wall screen" } } }
                tbody {
                    @for (id, name, cohort) in &competitions {
                        tr {
                            td { a href={ "/competitions/" (id) } { (name) } }
                            td { (cohort) }
                            td { a href={ "/competitions/" (id) "?wall=1" } { "open" } }
                        }
                    }
                }
            }
        }
    };
    Ok((
        jar,
        layout("Rapport", false, Some((&caller, &csrf)), content),
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize)]
struct LoginQuery {
    failed: Option<String>,
}

async fn login_page(jar: CookieJar, Query(query): Query<LoginQuery>) -> (CookieJar, Markup) {
    let (jar, csrf) = csrf(jar);
    let page = layout(
        "Sign in: Rapport",
        false,
        None,
        html! {
            h1 { "Rapport" }
            @if let Some(reason) = &query.failed {
                p.notice { (reason) }
            }
            form method="post" action="/login" {
                input type="hidden" name="csrf" value=(csrf);
                label for="name" { "Account" }
                input id="name" name="name" autocomplete="username" required;
                label for="password" { "Password" }
                input id="password" name="password" type="password" autocomplete="current-password" required;
                p { button type="submit" { "Sign in" } }
            }
        },
    );
    (jar, page)
}

#[derive(Deserialize)]
struct LoginForm {
    csrf: String,
    name: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    axum::Form(form): axum::Form<LoginForm>,
) -> Result<(CookieJar, Redirect), PageError> {
    if !csrf_matches(&jar, &form.csrf) {
        return Err(ApiError::Forbidden("the form is not this browser's".into()).into());
    }
    let request = SignIn {
        name: form.name,
        password: form.password,
    };
    let signed = state
        .with_store(move |store| Ok(routes::authenticate(store, &request)))
        .await?;
    match signed {
        Ok(signed) => {
            let cookie = Cookie::build((TOKEN_COOKIE, signed.token))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .build();
            Ok((jar.add(cookie), Redirect::to("/")))
        }
        Err(error @ (ApiError::WrongPassword | ApiError::TooManyAttempts { .. })) => {
            let reason: String = url_escape(&error.to_string());
            Ok((jar, Redirect::to(&format!("/login?failed={reason}"))))
        }
        Err(error) => Err(error.into()),
    }
}

/// `2026-12-05 10:20 UTC`.
fn readable_time(seconds: i64) -> String {
    let iso = rapport_core::calendar::iso8601(seconds);
    match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => iso,
    }
}

/// A sentence as a query value.
fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[derive(Deserialize)]
struct LogoutForm {
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
    axum::Form(form): axum::Form<LogoutForm>,
) -> Result<(CookieJar, Redirect), PageError> {
    if !csrf_matches(&jar, &form.csrf) {
        return Err(ApiError::Forbidden("the form is not this browser's".into()).into());
    }
    let digest = visitor.digest;
    state
        .with_store(move |store| Ok(db::revoke_token(store, &digest)?))
        .await?;
    Ok((
        jar.remove(Cookie::from(TOKEN_COOKIE)),
        Redirect::to("/login"),
    ))
}

/// A trainee's own sessions, newest first.
async fn history(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
) -> Result<(CookieJar, Markup), PageError> {
    let caller = visitor.caller;
    let (id, cohort) = (caller.id, caller.cohort_id);
    let (lines, competitions) = state
        .with_store(move |store| {
            let mut competitions = Vec::new();
            for competition in cohort
                .map(|cohort| db::competitions_of(store, cohort))
                .transpose()?
                .unwrap_or_default()
            {
                if let Some((competition, _)) = db::competition(store, competition)? {
                    competitions.push(competition);
                }
            }
            Ok((db::history(store, id)?, competitions))
        })
        .await?;
    let title_of = |id: &str| {
        state
            .versions
            .title(id)
            .map_or_else(|| id.to_owned(), str::to_owned)
    };
    let (jar, csrf) = csrf(jar);
    let title = format!("{}: history", caller.name);
    let content = html! {
        @if !competitions.is_empty() {
            h1 { "Your cohort's competitions" }
            ul {
                @for competition in &competitions {
                    li {
                        a href={ "/competitions/" (competition.id) } { (competition.name) }
                        span.weak { " until " (readable_time(competition.ends_at)) }
                    }
                }
            }
        }
        h1 { "Your sessions" }
        @if lines.is_empty() {
            p.weak { "None yet: play a scenario signed in, in the game or the terminal." }
        } @else {
            table {
                thead { tr { th { "received (UTC)" } th { "scenario" } th { "ending" } th.number { "score" } th.number { "CSAT" } th { "counts" } } }
                tbody {
                    @for line in &lines {
                        tr {
                            td { (readable_time(line.received_at_ms / 1000)) }
                            td { (title_of(&line.scenario_id)) }
                            td { (line.ending.as_deref().map_or_else(|| "abandoned".to_owned(), |ending| ending.replace('_', " "))) }
                            td.number { (line.score.map_or_else(|| "-".to_owned(), |score| score.to_string())) }
                            td.number { (line.csat.map_or_else(|| "-".to_owned(), |csat| format!("{csat}/5"))) }
                            td {
                                @if line.imported { span.weak { "imported, not ranked" } }
                                @else if line.ranked { "ranked" }
                                @else { span.weak { "played offline, not ranked" } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok((jar, layout(&title, false, Some((&caller, &csrf)), content)))
}

/// A cohort's dashboard, for its trainer: where its trainees lose the customer, what they
/// choose at each node, and each skill day by day.
async fn cohort(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
    Path(name): Path<String>,
) -> Result<(CookieJar, Markup), PageError> {
    let caller = visitor.caller;
    if caller.role == Role::Trainee {
        return Err(ApiError::Forbidden("a cohort's dashboard is its trainer's".into()).into());
    }
    let viewer = caller.clone();
    let versions = state.versions.clone();
    let cohort = name.clone();
    let figures = state
        .with_store(move |store| {
            let cohort_id = routes::led_cohort(store, &viewer, &cohort)?;
            Ok(crate::analytics::cohort_figures(
                store,
                cohort_id,
                |hash| versions.get(hash).map(|scenario| scenario.as_ref()),
            )?)
        })
        .await?;
    let (jar, csrf) = csrf(jar);
    let title = format!("Cohort {name}");
    let content = html! {
        h1 { "Cohort " (name) }
        @if figures.versions.is_empty() {
            p.weak { "Nobody in this cohort has finished a session yet." }
        }
        @if !figures.skills.is_empty() {
            h2 { "Skills, day by day (average score, 0-100)" }
            table {
                thead { tr { th { "skill" } th { "days, oldest first" } } }
                tbody {
                    @for (skill, days) in &figures.skills {
                        tr {
                            td { (skill) }
                            td {
                                @for (day, average) in days {
                                    span.weak { (readable_time(*day).get(..10).unwrap_or_default()) ": " }
                                    (format!("{average:.0}")) "  "
                                }
                            }
                        }
                    }
                }
            }
        }
        @for version in &figures.versions {
            h2 { (version.title) }
            p.weak {
                (version.sessions) " finished sessions, average score "
                (format!("{:.1}", version.average_score)) ". Endings: "
                @for (index, (ending, lost, count)) in version.endings.iter().enumerate() {
                    @if index > 0 { ", " }
                    @if *lost {
                        span.notice { (ending.replace('_', " ")) " " (count) }
                    } @else {
                        (ending.replace('_', " ")) " " (count)
                    }
                }
            }
            @if !version.lost_at.is_empty() {
                h3 { "Where customers were lost" }
                table {
                    thead { tr { th { "after the reply at" } th { "the customer had said" } th.number { "sessions" } } }
                    tbody {
                        @for (node, line, count) in &version.lost_at {
                            tr { td { (node) } td { (line) } td.number { (count) } }
                        }
                    }
                }
            }
            @if !version.not_understood.is_empty() {
                h3 { "Typed replies nothing matched" }
                p.weak { "The customer asked what they meant. Where the words meant one of the replies, add them to that reply's " code { "examples" } " in the scenario file." }
                @for (node, line, texts) in &version.not_understood {
                    p { strong { (node) } span.weak { ": \u{201c}" (line) "\u{201d}" } }
                    ul {
                        @for text in texts {
                            li { "\u{201c}" (text) "\u{201d}" }
                        }
                    }
                }
            }
            h3 { "What the cohort chose" }
            @for node in &version.nodes {
                p { strong { (node.id) } span.weak { ": \u{201c}" (node.line) "\u{201d}" } }
                table {
                    thead { tr { th { "reply" } th.number { "chosen" } th.number { "share" } th.number { "average final score" } } }
                    tbody {
                        @for reply in &node.replies {
                            tr {
                                td { (reply.text) }
                                td.number { (reply.times) }
                                td.number { (format!("{:.0}%", reply.share)) }
                                td.number { (format!("{:.1}", reply.average_score)) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok((jar, layout(&title, false, Some((&caller, &csrf)), content)))
}

#[derive(Debug, Default, Deserialize)]
struct BoardQuery {
    /// The big-screen layout.
    wall: Option<String>,
    /// Only the boards, for the live page to swap in.
    fragment: Option<String>,
}

/// A competition's boards, one per pinned scenario version.
async fn competition(
    State(state): State<AppState>,
    visitor: Visitor,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(query): Query<BoardQuery>,
) -> Result<Response, PageError> {
    let caller = visitor.caller;
    let versions = state.versions.clone();
    let viewer = caller.clone();
    let (competition, boards) = state
        .with_store(move |store| {
            let (competition, cohort_id) = routes::visible_competition(store, &viewer, id)?;
            let mut boards = Vec::new();
            for hash in &competition.content_hashes {
                let title = versions
                    .get(hash)
                    .map_or_else(|| hash.clone(), |scenario| scenario.meta.title.clone());
                let (trainees, teams) = db::board(store, hash, cohort_id, Some(id), false)?;
                boards.push((title.clone(), trainees, teams));
                // Sessions played by typing rank apart, shown when there are any.
                let (trainees, teams) = db::board(store, hash, cohort_id, Some(id), true)?;
                if !trainees.is_empty() {
                    boards.push((format!("{title}: typed replies"), trainees, teams));
                }
            }
            Ok((competition, boards))
        })
        .await?;
    let board_markup = html! {
        @for (title, trainees, teams) in &boards {
            section {
            h2 { (title) }
            @if trainees.is_empty() {
                p.weak { "Nobody has finished it yet." }
            } @else {
                table {
                    thead { tr { th.number { "#" } th { "trainee" } th { "team" } th.number { "best" } th.number { "sessions" } } }
                    tbody {
                        @for (rank, line) in trainees.iter().enumerate() {
                            tr {
                                td.number { (rank + 1) }
                                td { (line.name) }
                                td { (line.team) }
                                td.number { (line.best) }
                                td.number { (line.sessions) }
                            }
                        }
                    }
                }
                @if !teams.is_empty() {
                    table {
                        thead { tr { th { "team" } th.number { "average of bests" } th.number { "members" } } }
                        tbody {
                            @for team in teams {
                                tr {
                                    td { (team.team) }
                                    td.number { (format!("{:.1}", team.average_of_bests)) }
                                    td.number { (team.members) }
                                }
                            }
                        }
                    }
                }
            }
            }
        }
    };
    if query.fragment.is_some() {
        return Ok(board_markup.into_response());
    }
    let (jar, csrf) = csrf(jar);
    let wall = query.wall.is_some();
    let ends = readable_time(competition.ends_at);
    let content = html! {
        h1 { (competition.name) }
        p.weak {
            "Cohort " (competition.cohort) ", until " (ends)
            @if competition.assessment { ", an assessment" }
            ". Scored by the server; the boards update as sessions arrive."
            @if !wall { " " a href={ "/competitions/" (id) "?wall=1" } { "Wall screen" } }
        }
        div id="boards" { (board_markup) }
        // The one script: when the server says the boards changed, fetch them again. Without
        // it (no JavaScript), the page is still the board as of its loading.
        script {
            (maud::PreEscaped(format!(
                "const events = new EventSource('/competitions/{id}/events');\n\
                 events.onmessage = () => fetch('/competitions/{id}?fragment=1')\n\
                 .then(answer => answer.ok ? answer.text() : Promise.reject(answer.status))\n\
                 .then(html => {{ document.getElementById('boards').innerHTML = html; }})\n\
                 .catch(() => {{}});"
            )))
        }
    };
    let page = layout(&competition.name, wall, Some((&caller, &csrf)), content);
    Ok((jar, page).into_response())
}

/// Server-sent events: one message each time the competition's boards change (checked in the
/// database, so it holds whichever server process stored the session).
async fn competition_events(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<i64>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, PageError> {
    let caller = visitor.caller;
    let first = state
        .with_store(move |store| {
            routes::visible_competition(store, &caller, id)?;
            Ok(db::competition_mark(store, id)?)
        })
        .await?;
    let stream = futures_util::stream::unfold((state, first), move |(state, last)| async move {
        loop {
            tokio::time::sleep(LIVE_POLL).await;
            let Ok(mark) = state
                .with_store(move |store| Ok(db::competition_mark(store, id)?))
                .await
            else {
                continue;
            };
            if mark != last {
                let event = Event::default().data(mark.0.to_string());
                return Some((Ok(event), (state, mark)));
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
