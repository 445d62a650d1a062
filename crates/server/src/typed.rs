//! Typed sessions, checked. A client sends the trainee's words with the choices they were
//! understood as; before the words are kept (and the session ranks on the typed boards), the
//! server understands them again (`rapport_core::understand::verify`). It does so with the
//! model when it has it and the client said the model understood the words, and by words
//! otherwise. Words that do not hold are not kept: the session is, and ranks as chosen.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rapport_core::record::TypedReply;
use rapport_core::scenario::Scenario;
use rapport_core::session::Session;
use rapport_core::understand::verify::check_typed;
use rapport_core::understand::{Matcher, WordMatcher};
use rapport_model::{Embedder, MODEL_NAME, ModelMatcher};

type SharedMatcher = Arc<dyn Matcher + Send + Sync>;

/// The server's matchers: words always, the model when it is installed.
#[derive(Clone, Default)]
pub struct TypedCheck {
    embedder: Option<Arc<Embedder>>,
    /// By version and kind: building one embeds every reply of the version, once.
    matchers: Arc<Mutex<HashMap<(String, bool), SharedMatcher>>>,
}

impl std::fmt::Debug for TypedCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedCheck")
            .field("model", &self.embedder.is_some())
            .finish_non_exhaustive()
    }
}

impl TypedCheck {
    /// With the model in `model_dir` when it loads; why not, when it does not.
    pub fn load(model_dir: Option<&Path>) -> (Self, Option<String>) {
        let Some(dir) = model_dir else {
            return (TypedCheck::default(), None);
        };
        match Embedder::load(dir) {
            Ok(embedder) => (
                TypedCheck {
                    embedder: Some(Arc::new(embedder)),
                    matchers: Arc::default(),
                },
                None,
            ),
            Err(error) => (TypedCheck::default(), Some(error.to_string())),
        }
    }

    /// Embeds every reply of `scenarios` for the model, when it is loaded, so that no
    /// submission (holding a database connection) waits for a version's first embedding.
    pub fn prepare(&self, scenarios: &[Arc<Scenario>]) {
        if self.embedder.is_none() {
            return;
        }
        for scenario in scenarios {
            let _ = self.matcher(scenario, true);
        }
    }

    /// The words of `session`'s turns as `claimed`, checked: `Ok` with the words to keep, or
    /// `Err` with why they do not hold.
    pub fn check(
        &self,
        session: &Session,
        claimed: &[Option<TypedReply>],
    ) -> Result<Vec<Option<TypedReply>>, String> {
        let by_model = self.embedder.is_some()
            && claimed
                .iter()
                .flatten()
                .any(|typed| typed.matcher == MODEL_NAME);
        let matcher = self.matcher(session.scenario(), by_model);
        check_typed(session, claimed, matcher.as_ref())
    }

    fn matcher(&self, scenario: &Scenario, by_model: bool) -> SharedMatcher {
        let key = (scenario.content_hash.0.clone(), by_model);
        if let Some(matcher) = self
            .matchers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Arc::clone(matcher);
        }
        let built: SharedMatcher = match self.embedder.as_ref().filter(|_| by_model) {
            Some(embedder) => {
                match ModelMatcher::for_scenario(Arc::clone(embedder), scenario, None) {
                    Ok(model) => Arc::new(model),
                    Err(_) => Arc::new(WordMatcher::for_scenario(scenario)),
                }
            }
            None => Arc::new(WordMatcher::for_scenario(scenario)),
        };
        self.matchers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, Arc::clone(&built));
        built
    }
}
