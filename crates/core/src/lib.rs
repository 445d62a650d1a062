//! Rapport's engine-free core: everything that decides what a session is and what it is
//! worth, with no window, database or network. The game, the command line and the results
//! store are front ends over these calls.
//!
//! - [`scenario`]: the RON format, loading with located diagnostics, validation;
//! - [`session`]: the conversation engine and exact replays;
//! - [`scoring`]: CSAT, NPS, retention, skill and overall scores;
//! - [`analysis`]: every reachable state, best and worst paths, bots, the author's map;
//! - [`debrief`]: what a trainee is shown after a session;
//! - [`record`]: what a session leaves behind (choices, timings, computed figures);
//! - [`team_match`]: the rules of a hot-seat match between trainees and teams;
//! - [`trainee`], [`calendar`]: who plays, and when.
//!
//! Data flows one way: file -> scenario -> session -> scoring -> debrief and record; the
//! analysis reads a scenario and runs the session's rules.
//!
//! The boundary is the compiler's to keep: this crate depends on no engine, database or network
//! crate, so reaching for one from here does not compile.
//!
//! ```compile_fail
//! // The core cannot see the results store...
//! use rapport_store::Store;
//! ```
//!
//! ```compile_fail
//! // ...nor the game...
//! use rapport_game::GamePlugin;
//! ```
//!
//! ```compile_fail
//! // ...nor Bevy...
//! use bevy::prelude::App;
//! ```
//!
//! ```compile_fail
//! // ...nor a database.
//! use rusqlite::Connection;
//! ```

pub mod analysis;
pub mod calendar;
pub mod debrief;
pub mod portrait;
pub mod record;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod submission;
pub mod team_match;
pub mod trainee;
pub mod understand;
