//! Tools for checking the game rather than playing it, compiled only with the `dev` feature:
//! the screenshot driver behind `rapport --demo-screenshots DIR`.

mod demo;

pub use demo::DemoPlugin;
