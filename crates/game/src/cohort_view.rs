//! A trainer's cohort on the author map. Signed in to a results server as a trainer (or an
//! admin), the author view lists the cohorts they lead and fetches how the chosen cohort played
//! the scenario on screen: the share of sessions that reached each node and ending, how often
//! each link was taken, and each reply's share and average outcome. The figures are the
//! server's, computed from the sessions it verified; the map draws them (`screens::author`).

use std::collections::HashMap;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::{IoTaskPool, Task, block_on, futures_lite::future};

use rapport_client::Server;
use rapport_core::submission::{CohortChoices, Role};

use crate::Screen;
use crate::server_link::ServerLink;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CohortView>().add_systems(
        Update,
        (forget_on_sign_out, fetch_cohort_figures, finish_fetches)
            .chain()
            .run_if(in_state(Screen::Author)),
    );
}

/// Something asked of the server: on its way, or its answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched<T> {
    Pending,
    Ready(T),
    Failed(String),
}

/// What the author view knows of the trainer's cohorts.
#[derive(Resource, Default)]
pub struct CohortView {
    /// The cohorts the trainer leads.
    pub cohorts: Option<Fetched<Vec<String>>>,
    /// The cohort drawn on the map.
    pub selected: Option<String>,
    /// The scenario version on screen, whose figures are wanted.
    pub wanted: Option<String>,
    /// Figures by (cohort, content hash).
    pub figures: HashMap<(String, String), Fetched<Arc<CohortChoices>>>,
    /// Who the figures were fetched as: a sign-out or another sign-in forgets them.
    fetched_as: Option<(String, String)>,
    tasks: Vec<Task<Answer>>,
}

enum Answer {
    Cohorts(Result<Vec<String>, String>),
    Figures {
        cohort: String,
        content_hash: String,
        result: Result<CohortChoices, String>,
    },
}

impl CohortView {
    /// Asks for the figures of the scenario version `content_hash` (the one on screen).
    pub fn want(&mut self, content_hash: &str) {
        if self.wanted.as_deref() != Some(content_hash) {
            self.wanted = Some(content_hash.to_owned());
        }
    }

    /// Draws `cohort` instead.
    pub fn select(&mut self, cohort: &str) {
        self.selected = Some(cohort.to_owned());
    }

    /// Fetches the figures on screen again (the cohort has played since).
    pub fn refresh(&mut self) {
        if let (Some(cohort), Some(hash)) = (&self.selected, &self.wanted) {
            self.figures.remove(&(cohort.clone(), hash.clone()));
        }
    }

    /// The figures of the selected cohort for the version on screen.
    pub fn current(&self) -> Option<&Fetched<Arc<CohortChoices>>> {
        let key = (self.selected.clone()?, self.wanted.clone()?);
        self.figures.get(&key)
    }
}

/// Whether `link` is signed in as someone who may see a cohort's figures.
pub fn leads_cohorts(link: &ServerLink) -> bool {
    link.credentials
        .as_ref()
        .is_some_and(|credentials| credentials.role != Role::Trainee)
}

fn forget_on_sign_out(link: Res<ServerLink>, mut view: ResMut<CohortView>) {
    let same = match (&view.fetched_as, &link.credentials) {
        (Some((url, name)), Some(credentials)) => {
            *url == credentials.url && *name == credentials.name
        }
        (None, None) => true,
        _ => false,
    };
    if !same {
        *view = CohortView {
            fetched_as: link
                .credentials
                .as_ref()
                .map(|credentials| (credentials.url.clone(), credentials.name.clone())),
            wanted: view.wanted.take(),
            ..CohortView::default()
        };
    }
}

fn fetch_cohort_figures(link: Res<ServerLink>, mut view: ResMut<CohortView>) {
    if !leads_cohorts(&link) {
        return;
    }
    let figures_wanted = match (view.selected.clone(), view.wanted.clone()) {
        (Some(cohort), Some(hash))
            if !view.figures.contains_key(&(cohort.clone(), hash.clone())) =>
        {
            Some((cohort, hash))
        }
        _ => None,
    };
    if view.cohorts.is_some() && figures_wanted.is_none() {
        return;
    }
    let Some(server) = link
        .credentials
        .as_ref()
        .and_then(|credentials| Server::of(credentials).ok())
    else {
        return;
    };
    if view.cohorts.is_none() {
        view.cohorts = Some(Fetched::Pending);
        let server = server.clone();
        view.tasks.push(IoTaskPool::get().spawn(async move {
            Answer::Cohorts(server.cohorts().map_err(|error| error.to_string()))
        }));
    }
    let Some((cohort, content_hash)) = figures_wanted else {
        return;
    };
    view.figures
        .insert((cohort.clone(), content_hash.clone()), Fetched::Pending);
    view.tasks.push(IoTaskPool::get().spawn(async move {
        let result = server
            .cohort_choices(&cohort, &content_hash)
            .map_err(|error| error.to_string());
        Answer::Figures {
            cohort,
            content_hash,
            result,
        }
    }));
}

fn finish_fetches(mut view: ResMut<CohortView>) {
    let mut index = 0;
    while index < view.tasks.len() {
        match block_on(future::poll_once(&mut view.tasks[index])) {
            Some(answer) => {
                drop(view.tasks.remove(index));
                match answer {
                    Answer::Cohorts(Ok(cohorts)) => {
                        if view.selected.is_none() {
                            view.selected = cohorts.first().cloned();
                        }
                        view.cohorts = Some(Fetched::Ready(cohorts));
                    }
                    Answer::Cohorts(Err(error)) => view.cohorts = Some(Fetched::Failed(error)),
                    Answer::Figures {
                        cohort,
                        content_hash,
                        result,
                    } => {
                        let fetched = match result {
                            Ok(figures) => Fetched::Ready(Arc::new(figures)),
                            Err(error) => Fetched::Failed(error),
                        };
                        view.figures.insert((cohort, content_hash), fetched);
                    }
                }
            }
            None => index += 1,
        }
    }
}
