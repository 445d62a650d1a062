//! Load the shipped library 20 times (`ron`, `load`), or the generated 10,000-node scenario
//! once (`ron-10k`, `load-10k`; `none-10k` only generates it), either with plain `ron` or with
//! Rapport's loader, and nothing else: a fixed workload to count instructions with callgrind, which, unlike wall
//! time on a shared VM, repeats exactly (docs/performance.md).
//!
//! Build with `cargo bench -p rapport-core --bench load_instructions --no-run`, then run
//! the binary it names under `valgrind --tool=callgrind` with the argument `ron` or `load`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use rapport_core::scenario::format::ScenarioFile;
use rapport_core::scenario::load::ron_options;
use rapport_core::scenario::load_bytes;

const ROUNDS: usize = 20;

fn main() {
    let files: Vec<(String, Vec<u8>)> = common::shipped_scenarios()
        .into_iter()
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    // `cargo bench` passes `--bench`; the mode is the first other argument.
    let mode = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_default();
    if let Some(large) = mode.strip_suffix("-10k") {
        let text = common::generate_large(10_000);
        match large {
            "ron" => {
                black_box(ron_options().from_str::<ScenarioFile>(&text).unwrap());
            }
            "load" => {
                black_box(
                    load_bytes("generated.ron", text.as_bytes())
                        .scenario
                        .unwrap(),
                );
            }
            _ => {}
        }
        return;
    }
    for _ in 0..ROUNDS {
        for (name, bytes) in &files {
            match mode.as_str() {
                "ron" => {
                    let text = std::str::from_utf8(bytes).unwrap();
                    black_box(ron_options().from_str::<ScenarioFile>(text).unwrap());
                }
                "load" => {
                    black_box(load_bytes(name, bytes).scenario.unwrap());
                }
                _ => return,
            }
        }
    }
}
