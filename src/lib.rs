//! Rapport: a customer-service training and role-play simulator.
//!
//! The engine-free core lives here and knows nothing of Bevy:
//! - [`scenario`]: the RON format, loading with located diagnostics, validation;
//! - [`session`]: the conversation engine and exact replays;
//! - [`scoring`]: CSAT, NPS, retention, skill and overall scores;
//! - [`analysis`]: every reachable state, best and worst paths, bots, authoring bias;
//! - [`debrief`]: what a trainee is shown after a session;
//! - [`cli`]: the terminal front end (`rapport validate | analyze | play --text`).
//!
//! With the default `game` feature, [`game`] is the Bevy + egui window that drives the same
//! core.
//!
//! Data flows one way: file -> scenario -> session -> scoring -> debrief; the analysis reads
//! a scenario and runs the session's rules.

pub mod analysis;
pub mod calendar;
pub mod cli;
pub mod debrief;
pub mod export;
#[cfg(feature = "game")]
pub mod game;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod store;
pub mod team_match;
