//! Playing signed in to a results server (`rapport serve`). The trainee signs in on the title
//! screen (or with `rapport login`; both keep the same sign-in in the data folder). A practice
//! session is registered with the server as it starts, and what was played is submitted when
//! it ends: the server replays and scores it. Each submission is written to the outbox first,
//! so a server that is away, or a window closed mid-send, loses nothing: whatever waits is sent
//! at the next start or the next session, and the title screen says how many wait.

use std::collections::HashMap;
use std::path::PathBuf;

use bevy::prelude::*;
use bevy::tasks::{IoTaskPool, Task, block_on, futures_lite::future};

use rapport_client::outbox::Waiting;
use rapport_client::{ClientError, Credentials, Server, SubmissionOutbox};
use rapport_core::submission::{Board, Receipt, Submission};
use rapport_core::trainee::Trainee;
use rapport_store::default_data_dir;

use crate::CurrentTrainee;
use crate::matches::MatchInProgress;
use crate::play::{ActivePlay, PlayOrigin, SessionEnded};
use crate::results::ResultsLocation;
use crate::settings::{Locale, Words};
use crate::ui::words::Tr;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ServerLink>()
        .add_message::<SignInRequested>()
        .add_message::<SignOutRequested>()
        .add_systems(Startup, load_sign_in)
        .add_systems(
            Update,
            (
                start_sign_in,
                sign_out,
                ask_about_the_round,
                register_session,
                submit_ended_sessions,
                finish_link_tasks,
            )
                .chain(),
        )
        .add_systems(Last, finish_link_tasks_before_exit);
}

/// The title screen's sign-in form was sent.
#[derive(Message, Clone, PartialEq, Eq)]
pub struct SignInRequested {
    pub url: String,
    pub name: String,
    pub password: String,
}

/// The trainee signs out: the token is revoked on the server and forgotten here.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignOutRequested;

/// How a session's registration with the server went.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Registration {
    /// The server knows the session from its start: it will be ranked.
    Online,
    /// The server could not be reached: the session is played offline (kept, not ranked).
    Offline(String),
    /// The server will not take it (a scenario version it does not hold, say).
    Refused(String),
}

/// What a finished task tells the link.
enum LinkEvent {
    SignedIn(Result<Credentials, String>),
    /// A session was sent (or kept): what to tell the trainee.
    Sent {
        text: String,
        board: Option<Board>,
        waiting: usize,
    },
    /// The outbox was delivered at start.
    Delivered {
        waiting: usize,
        notice: Option<String>,
    },
    /// Whether the competition a match is a round of is an assessment.
    Competition {
        id: i64,
        assessment: bool,
    },
}

/// The results server this game is signed in to, if any.
#[derive(Resource, Default)]
pub struct ServerLink {
    /// Where the sign-in and the outbox are kept; `None` when results are not kept at all (a
    /// demo run), so there is nothing to sign in for.
    data_dir: Option<PathBuf>,
    pub credentials: Option<Credentials>,
    /// Sessions waiting in the outbox to be sent.
    pub waiting: usize,
    pub signing_in: bool,
    pub sign_in_error: Option<String>,
    /// A session is being sent now.
    pub sending: bool,
    /// What became of the last session sent, for the debrief.
    pub last_result: Option<String>,
    /// The board of the scenario last sent, as the server has it.
    pub board: Option<Board>,
    registrations: HashMap<String, Task<Registration>>,
    tasks: Vec<Task<LinkEvent>>,
}

impl ServerLink {
    /// Whether a sign-in can be kept (results are kept on this machine).
    pub fn can_sign_in(&self) -> bool {
        self.data_dir.is_some()
    }

    /// Whether sessions go to a results server.
    pub fn is_signed_in(&self) -> bool {
        self.credentials.is_some()
    }

    fn outbox(&self) -> Option<SubmissionOutbox> {
        self.data_dir.as_deref().map(SubmissionOutbox::in_data_dir)
    }
}

fn load_sign_in(
    location: Option<Res<ResultsLocation>>,
    mut link: ResMut<ServerLink>,
    mut trainee: ResMut<CurrentTrainee>,
) {
    let Some(location) = location.as_ref().and_then(|location| location.0.as_ref()) else {
        return;
    };
    link.data_dir = location.data_dir.clone().or_else(default_data_dir);
    let Some(dir) = link.data_dir.clone() else {
        return;
    };
    match Credentials::load(&dir) {
        Ok(Some(credentials)) => {
            trainee.0 = Trainee::new(credentials.name.clone(), credentials.team.clone());
            link.waiting = SubmissionOutbox::in_data_dir(&dir).waiting().len();
            if let Ok(server) = Server::of(&credentials) {
                let outbox = SubmissionOutbox::in_data_dir(&dir);
                link.tasks.push(IoTaskPool::get().spawn(async move {
                    let delivery = outbox.deliver(&server);
                    LinkEvent::Delivered {
                        waiting: outbox.waiting().len(),
                        notice: delivery.problem.map(|problem| problem.to_string()),
                    }
                }));
            }
            link.credentials = Some(credentials);
        }
        Ok(None) => {}
        Err(problem) => warn!("{problem}"),
    }
}

fn start_sign_in(
    mut requests: MessageReader<SignInRequested>,
    mut link: ResMut<ServerLink>,
    locale: Res<Locale>,
) {
    let Some(request) = requests.read().last().cloned() else {
        return;
    };
    let Some(dir) = link.data_dir.clone() else {
        return;
    };
    link.signing_in = true;
    link.sign_in_error = None;
    let words = locale.0.clone();
    link.tasks.push(IoTaskPool::get().spawn(async move {
        let signed = Server::new(&request.url, None).and_then(|server| {
            let signed = server.sign_in(request.name.trim(), &request.password)?;
            Ok(Credentials::of(server.url(), signed, None))
        });
        LinkEvent::SignedIn(match signed {
            Ok(credentials) => credentials
                .save(&dir)
                .map(|_| credentials)
                .map_err(|error| {
                    words.t_with(
                        "title-server-sign-in-not-kept",
                        &[("error", error.to_string().into())],
                    )
                }),
            Err(error) => Err(error.to_string()),
        })
    }));
}

fn sign_out(
    mut requests: MessageReader<SignOutRequested>,
    mut link: ResMut<ServerLink>,
    mut trainee: ResMut<CurrentTrainee>,
) {
    if requests.read().last().is_none() {
        return;
    }
    let Some(credentials) = link.credentials.take() else {
        return;
    };
    if let Some(dir) = &link.data_dir
        && let Err(error) = Credentials::forget(dir)
    {
        warn!("cannot forget the sign-in: {error}");
    }
    link.board = None;
    link.last_result = None;
    trainee.0 = Trainee::default();
    // Revoking is best effort: the token is forgotten here either way.
    IoTaskPool::get()
        .spawn(async move {
            if let Ok(server) = Server::of(&credentials)
                && let Err(error) = server.sign_out()
            {
                warn!("the server could not revoke the token: {error}");
            }
        })
        .detach();
}

/// A match that starts as a competition round asks the server how the competition is run.
fn ask_about_the_round(in_progress: Option<Res<MatchInProgress>>, mut link: ResMut<ServerLink>) {
    let Some(current) = in_progress else {
        return;
    };
    let (true, Some(id), Some(credentials)) = (
        current.is_added(),
        current.competition,
        link.credentials.clone(),
    ) else {
        return;
    };
    link.tasks.push(IoTaskPool::get().spawn(async move {
        let competition = Server::of(&credentials).and_then(|server| server.competition(id));
        match competition {
            Ok(competition) => LinkEvent::Competition {
                id,
                assessment: competition.assessment,
            },
            Err(error) => {
                warn!("competition {id}: {error}");
                LinkEvent::Competition {
                    id,
                    assessment: false,
                }
            }
        }
    }));
}

/// A practice session that starts while signed in is registered with the server at once, so
/// the server's clock bounds the times it can claim; so is each turn of a match played as a
/// competition round, for its player.
fn register_session(
    play: Option<Res<ActivePlay>>,
    in_progress: Option<Res<MatchInProgress>>,
    mut link: ResMut<ServerLink>,
) {
    let Some(play) = play else {
        return;
    };
    if !play.is_added() || play.authoring || !play.session.scenario().meta.scored {
        return;
    }
    let (competition, player) = match play.origin {
        PlayOrigin::Practice => (None, None),
        PlayOrigin::MatchRound { player, .. } => {
            let Some(current) = in_progress.as_ref() else {
                return;
            };
            let Some(competition) = current.competition else {
                return;
            };
            let Some(who) = current.team_match.plan.players.get(player) else {
                return;
            };
            (Some(competition), Some(who.name.trim().to_owned()))
        }
    };
    let Some(credentials) = link.credentials.clone() else {
        return;
    };
    let hash = play.session.scenario().content_hash.0.clone();
    let (uid, seed) = (play.uid.clone(), play.session.seed());
    let task = IoTaskPool::get().spawn(async move {
        let registered = Server::of(&credentials).and_then(|server| {
            server.register_play(&hash, &uid, seed, competition, player.as_deref())
        });
        match registered {
            Ok(_) => Registration::Online,
            // A round is the competition's only while the server sees it start.
            Err(error) if error.is_temporary() && competition.is_none() => {
                Registration::Offline(error.to_string())
            }
            Err(error) => Registration::Refused(error.to_string()),
        }
    });
    link.registrations.insert(play.uid.clone(), task);
}

/// Sends each practice session that ends while signed in (the local store does not keep it),
/// and each turn of a competition round (the match keeps its own record too).
fn submit_ended_sessions(
    mut ended: MessageReader<SessionEnded>,
    mut link: ResMut<ServerLink>,
    locale: Res<Locale>,
) {
    for session in ended.read() {
        let registration = link.registrations.remove(&session.uid);
        if session.origin != PlayOrigin::Practice && registration.is_none() {
            continue;
        }
        let (Some(credentials), Some(outbox)) = (link.credentials.clone(), link.outbox()) else {
            continue;
        };
        let scenario = session.session.scenario();
        let submission = Submission {
            uid: session.uid.clone(),
            scenario_id: scenario.meta.id.clone(),
            content_hash: scenario.content_hash.0.clone(),
            seed: session.session.seed(),
            choices: session.session.record().choices,
            millis: session.millis.clone(),
            ending: session.session.ending().map(|ending| ending.id.clone()),
            offline: false,
            typed: session.typed.clone(),
            language: Some(session.language.clone()),
        };
        link.sending = true;
        let words = locale.0.clone();
        link.tasks.push(IoTaskPool::get().spawn(async move {
            let registration = match registration {
                Some(task) => task.await,
                None => Registration::Offline("it started before you signed in".into()),
            };
            send(credentials, outbox, submission, registration, &words)
        }));
    }
}

/// Keeps `submission` in the outbox, sends it, and says what became of it (in `words`).
fn send(
    credentials: Credentials,
    outbox: SubmissionOutbox,
    submission: Submission,
    registration: Registration,
    words: &Words,
) -> LinkEvent {
    let offline = match registration {
        Registration::Online => false,
        Registration::Offline(_) => true,
        Registration::Refused(reason) => {
            return LinkEvent::Sent {
                text: words.t_with("title-server-not-taken", &[("reason", reason.into())]),
                board: None,
                waiting: outbox.waiting().len(),
            };
        }
    };
    let submission = Submission {
        offline,
        ..submission
    };
    let server = match Server::of(&credentials) {
        Ok(server) => server,
        Err(error) => {
            return LinkEvent::Sent {
                text: error.to_string(),
                board: None,
                waiting: outbox.waiting().len(),
            };
        }
    };
    let kept = outbox.keep(&Waiting {
        url: credentials.url.clone(),
        submission: submission.clone(),
    });
    // The board the session ranks on: the typed one when the server kept its words.
    let mut typed_board = false;
    let text = match (&kept, server.submit(&submission)) {
        (_, Ok(receipt)) => {
            if let Ok(path) = &kept {
                let _ = std::fs::remove_file(path);
            }
            typed_board = receipt.typed;
            receipt_text(&receipt, words)
        }
        (Ok(path), Err(error))
            if error.is_temporary() || matches!(error, ClientError::SignedOut(_)) =>
        {
            words.t_with(
                "title-server-kept-for-later",
                &[
                    ("error", error.to_string().into()),
                    ("path", path.display().to_string().into()),
                ],
            )
        }
        (Ok(_), Err(error)) => {
            // Refused for good: set aside with its reason rather than retried forever.
            let _ = outbox.deliver(&server);
            words.t_with(
                "title-server-refused",
                &[("error", error.to_string().into())],
            )
        }
        (Err(keep), Err(error)) => words.t_with(
            "title-server-not-kept",
            &[
                ("error", error.to_string().into()),
                ("keep", keep.to_string().into()),
            ],
        ),
    };
    let board = server
        .board(&submission.content_hash, None, typed_board)
        .ok();
    LinkEvent::Sent {
        text,
        board,
        waiting: outbox.waiting().len(),
    }
}

fn receipt_text(receipt: &Receipt, words: &Words) -> String {
    let figures = match receipt.score {
        Some(score) => words.t_with("title-server-scored", &[("score", score.into())]),
        None => words.t("title-server-abandoned"),
    };
    let ranked = if !receipt.ranked {
        words.t_with("title-server-offline", &[("figures", figures.into())])
    } else if receipt.typed {
        words.t_with("title-server-ranked-typed", &[("figures", figures.into())])
    } else {
        words.t_with("title-server-ranked", &[("figures", figures.into())])
    };
    match &receipt.words_not_kept {
        Some(why) => words.t_with(
            "title-server-words-not-kept",
            &[("ranked", ranked.into()), ("why", why.into())],
        ),
        None => ranked,
    }
}

fn apply(
    event: LinkEvent,
    link: &mut ServerLink,
    trainee: &mut CurrentTrainee,
    in_progress: Option<&mut MatchInProgress>,
) {
    match event {
        LinkEvent::Competition { id, assessment } => {
            if let Some(current) = in_progress.filter(|current| current.competition == Some(id)) {
                current.assessment = Some(assessment);
                current.notice = None;
            }
        }
        LinkEvent::SignedIn(Ok(credentials)) => {
            link.signing_in = false;
            trainee.0 = Trainee::new(credentials.name.clone(), credentials.team.clone());
            link.credentials = Some(credentials);
        }
        LinkEvent::SignedIn(Err(error)) => {
            link.signing_in = false;
            link.sign_in_error = Some(error);
        }
        LinkEvent::Sent {
            text,
            board,
            waiting,
        } => {
            link.sending = false;
            link.last_result = Some(text);
            link.board = board;
            link.waiting = waiting;
        }
        LinkEvent::Delivered { waiting, notice } => {
            link.waiting = waiting;
            if let Some(notice) = notice {
                warn!("sessions still wait to be sent: {notice}");
            }
        }
    }
}

fn finish_link_tasks(
    mut link: ResMut<ServerLink>,
    mut trainee: ResMut<CurrentTrainee>,
    mut in_progress: Option<ResMut<MatchInProgress>>,
) {
    let mut index = 0;
    while index < link.tasks.len() {
        match block_on(future::poll_once(&mut link.tasks[index])) {
            Some(event) => {
                drop(link.tasks.remove(index));
                apply(event, &mut link, &mut trainee, in_progress.as_deref_mut());
            }
            None => index += 1,
        }
    }
}

/// A window closed mid-send waits for the send, so the session is at least in the outbox.
fn finish_link_tasks_before_exit(mut exit: MessageReader<AppExit>, mut link: ResMut<ServerLink>) {
    if exit.read().next().is_none() {
        return;
    }
    for task in link.tasks.drain(..) {
        let _ = block_on(task);
    }
}
