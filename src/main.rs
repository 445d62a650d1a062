//! The `rapport` binary: the command line over every crate of the workspace (validate,
//! analyze, play in the terminal, the results store's commands) and, by default, the game.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
