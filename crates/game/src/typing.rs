//! Typed replies in the game: the trainee's own words are understood as one of the replies on
//! offer, off the frame. The sentence-embedding model (when installed) loads on the async
//! compute pool the first time a session is typed; each scenario version's reply vectors are
//! built (or read from the data folder's cache) in the same task as its first typed reply;
//! every reply after that is matched in a task of its own, so the window never waits on the
//! model. Without the model, words are matched, and the trainee is told so.
//!
//! The decision rule is the core's (`rapport_core::understand`): sure, torn between two ("did
//! you mean", keys 1 and 2, at no cost), or not understood (the customer asks what they
//! meant). The play loop (`play`) takes the choice; this module only understands.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, futures_lite::future};

use rapport_core::record::TypedReply;
use rapport_core::scenario::Scenario;
use rapport_core::session::Choice;
use rapport_core::understand::technique::{Finding, findings};
use rapport_core::understand::{Matcher, Understood, WordMatcher, replies_at, understand};
use rapport_model::{Embedder, ModelMatcher};

use crate::Screen;
use crate::play::{ActivePlay, PlaySystems, take_choice};
use crate::settings::{Locale, Settings};
use crate::ui::words::Tr;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TypingConfig>()
        .init_resource::<Understander>()
        .add_systems(
            Update,
            (load_the_model, start_understanding, finish_understanding)
                .chain()
                .after(PlaySystems)
                .run_if(in_state(Screen::Play)),
        );
}

/// Where the model and the cache of reply vectors are. Without a model folder (the default,
/// and in tests), typed words are matched by words.
#[derive(Resource, Debug, Clone, Default)]
pub struct TypingConfig {
    pub model_dir: Option<PathBuf>,
    pub vectors_dir: Option<PathBuf>,
}

/// What is being done with the words the trainee typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Hearing {
    #[default]
    Idle,
    /// These words are being understood.
    Understanding(String),
    /// The words were torn between two replies: "did you mean...".
    Asking(Heard),
}

/// Typed words, as a matcher understood them.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    pub text: String,
    pub understood: Understood,
    /// The matcher's name, for the record.
    pub matcher: String,
    pub findings: Vec<Finding>,
}

impl Heard {
    /// The two replies of a "did you mean" (none otherwise).
    pub fn torn_between(&self) -> Vec<Choice> {
        match self.understood {
            Understood::Torn { first, second, .. } => vec![first, second],
            _ => Vec::new(),
        }
    }

    /// The words as kept with the turn; `picked` is the reply the trainee said they meant.
    pub fn typed_reply(&self, picked: Option<Choice>) -> TypedReply {
        TypedReply::new(
            &self.text,
            &self.understood,
            picked,
            &self.matcher,
            self.findings.clone(),
        )
    }
}

type SharedMatcher = Arc<dyn Matcher + Send + Sync>;

/// The model (once loaded), a matcher per scenario version, and the words in flight.
#[derive(Resource, Default)]
pub struct Understander {
    model: ModelState,
    /// By content hash: building one embeds every reply, so it is done once per version.
    matchers: Arc<Mutex<HashMap<String, SharedMatcher>>>,
    task: Option<InFlight>,
}

#[derive(Default)]
enum ModelState {
    #[default]
    NotTried,
    Loading(Task<Result<Arc<Embedder>, String>>),
    Ready(Arc<Embedder>),
    /// Words are matched instead: why (the model failed to load), or `None` when the model is
    /// not installed.
    Unavailable(Option<String>),
}

/// Words being understood, for which session and turn (a result for another is dropped).
struct InFlight {
    session_uid: String,
    turn: usize,
    task: Task<Heard>,
}

/// Starts loading the model the first time a session is typed.
fn load_the_model(
    config: Res<TypingConfig>,
    play: Option<Res<ActivePlay>>,
    mut understander: ResMut<Understander>,
) {
    match &mut understander.model {
        ModelState::NotTried => {
            if !play.is_some_and(|play| play.typing) {
                return;
            }
            understander.model = match config.model_dir.clone() {
                None => ModelState::Unavailable(None),
                Some(dir) => ModelState::Loading(AsyncComputeTaskPool::get().spawn(async move {
                    Embedder::load(&dir)
                        .map(Arc::new)
                        .map_err(|error| error.to_string())
                })),
            };
        }
        ModelState::Loading(task) => {
            if let Some(loaded) = block_on(future::poll_once(task)) {
                understander.model = match loaded {
                    Ok(embedder) => ModelState::Ready(embedder),
                    Err(why) => {
                        warn!("typed replies are matched by words: {why}");
                        ModelState::Unavailable(Some(why))
                    }
                };
            }
        }
        ModelState::Ready(_) | ModelState::Unavailable(_) => {}
    }
}

/// Words sent: understood in a task, once it is known whether the model is there.
fn start_understanding(
    config: Res<TypingConfig>,
    locale: Res<Locale>,
    play: Option<ResMut<ActivePlay>>,
    mut understander: ResMut<Understander>,
) {
    let Some(mut play) = play else {
        return;
    };
    let Hearing::Understanding(text) = &play.hearing else {
        return;
    };
    let text = text.clone();
    if understander.task.is_some() {
        return;
    }
    let embedder = match &understander.model {
        ModelState::Ready(embedder) => Some(Arc::clone(embedder)),
        ModelState::Unavailable(why) => {
            play.typing_notice = Some(match why {
                None => locale.t("play-typing-by-words-not-installed"),
                Some(why) => locale.t_with("play-typing-by-words", &[("why", why.into())]),
            });
            None
        }
        // Words typed before the model has loaded wait for it (a tenth of a second).
        ModelState::NotTried | ModelState::Loading(_) => return,
    };
    let Some(prompt) = play.session.prompt() else {
        return;
    };
    let scenario = Arc::clone(play.session.scenario());
    let replies = replies_at(scenario.node(prompt.node), prompt.options.iter().copied());
    let customer_said = prompt.customer_line();
    let matchers = Arc::clone(&understander.matchers);
    let vectors_dir = config.vectors_dir.clone();
    let task = AsyncComputeTaskPool::get().spawn(async move {
        let matcher = matcher_for(&matchers, &scenario, embedder, vectors_dir);
        let (_, understood) = understand(matcher.as_ref(), &text, &replies);
        Heard {
            findings: findings(&text, &customer_said),
            matcher: matcher.name().to_owned(),
            understood,
            text,
        }
    });
    understander.task = Some(InFlight {
        session_uid: play.uid.clone(),
        turn: play.session.transcript().len(),
        task,
    });
}

/// The matcher for `scenario`'s version: the model's when it loaded (its reply vectors read
/// from the cache, or embedded and cached), else words.
fn matcher_for(
    matchers: &Mutex<HashMap<String, SharedMatcher>>,
    scenario: &Scenario,
    embedder: Option<Arc<Embedder>>,
    vectors_dir: Option<PathBuf>,
) -> SharedMatcher {
    let key = format!(
        "{}:{}",
        scenario.content_hash.0,
        if embedder.is_some() { "model" } else { "words" }
    );
    if let Some(matcher) = matchers
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Arc::clone(matcher);
    }
    let built: SharedMatcher = match embedder
        .map(|embedder| ModelMatcher::for_scenario(embedder, scenario, vectors_dir.as_deref()))
    {
        Some(Ok(model)) => Arc::new(model),
        Some(Err(error)) => {
            warn!("typed replies are matched by words: {error}");
            Arc::new(WordMatcher::for_scenario(scenario))
        }
        None => Arc::new(WordMatcher::for_scenario(scenario)),
    };
    matchers
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, Arc::clone(&built));
    built
}

/// The words understood: taken as the reply when sure, as a reply that made no sense when
/// nothing was close, or put to the trainee when torn between two.
fn finish_understanding(
    play: Option<ResMut<ActivePlay>>,
    settings: Res<Settings>,
    mut understander: ResMut<Understander>,
) {
    let Some(in_flight) = understander.task.as_mut() else {
        return;
    };
    let Some(heard) = block_on(future::poll_once(&mut in_flight.task)) else {
        return;
    };
    let (session_uid, turn) = (in_flight.session_uid.clone(), in_flight.turn);
    understander.task = None;
    let Some(mut play) = play else {
        return;
    };
    let still_asked = play.uid == session_uid
        && play.session.transcript().len() == turn
        && play.hearing == Hearing::Understanding(heard.text.clone());
    if !still_asked {
        return;
    }
    let hold = settings.assessment || play.assessed;
    match heard.understood {
        Understood::Sure { choice, .. } => {
            let typed = heard.typed_reply(None);
            take_choice(&mut play, choice, hold, Some(typed));
        }
        Understood::Unclear { .. } => {
            let typed = heard.typed_reply(None);
            take_choice(&mut play, Choice::Unclear, hold, Some(typed));
        }
        Understood::Torn { .. } => play.hearing = Hearing::Asking(heard),
    }
}
