//! Tools for checking the game rather than playing it, compiled only with the `dev` feature:
//! the screenshot driver behind `rapport --demo-screenshots DIR`, and the frame budget it
//! reports.

mod demo;
mod frame_budget;

pub use demo::DemoPlugin;
pub use frame_budget::FrameBudgetPlugin;
