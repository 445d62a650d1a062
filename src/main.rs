//! The `rapport` binary: parses the command line and hands it to [`rapport::cli`].

use clap::Parser;

fn main() -> std::process::ExitCode {
    rapport::cli::run(rapport::cli::Cli::parse())
}
