//! Every input the fuzzers (`.ci/fuzz`, docs/fuzzing.md) ever broke on, replayed with the same
//! checks, so a fixed crash stays fixed. The seed scenarios run too, so the harness itself is
//! exercised even while the regression folders are empty.

#[path = "../../../tests/fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn inputs(folder: &str) -> Vec<(String, Vec<u8>)> {
    let folder = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(folder);
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().is_file())
                .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
                .map(|entry| {
                    let path = entry.path();
                    (path.display().to_string(), std::fs::read(&path).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    inputs.sort();
    inputs
}

#[test]
fn loader_regressions_and_seeds_pass_the_load_checks() {
    let seeds = inputs("scenarios");
    assert!(seeds.len() >= 12);
    for (name, data) in inputs("tests/fuzz/regressions/load")
        .into_iter()
        .chain(seeds)
    {
        eprintln!("load: {name}");
        checks::load(&data);
    }
}

#[test]
fn engine_regressions_and_seeds_pass_the_engine_checks() {
    let mut cases = inputs("tests/fuzz/regressions/engine");
    for (name, mut data) in inputs("scenarios") {
        data.push(0);
        data.extend_from_slice(&[0, 1, 2, 0, 1, 255, 2, 1, 0, 3, 0, 1, 7, 15, 0, 0]);
        cases.push((name, data));
    }
    for (name, data) in cases {
        eprintln!("engine: {name}");
        checks::engine(&data);
    }
}
