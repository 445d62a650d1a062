//! Loading, validating and analysing scenarios: the shipped library and a generated
//! 10,000-node scenario, with plain `ron` deserialisation of the same bytes as the floor.
//!
//! Run with `cargo bench -p rapport-core --bench scenario`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::analysis::Analysis;
use rapport_core::scenario::format::ScenarioFile;
use rapport_core::scenario::load::ron_options;
use rapport_core::scenario::{load_bytes, load_valid};

fn generated(c: &mut Criterion) {
    let text = common::generate_large(10_000);
    let mut group = c.benchmark_group("generated-10k");
    group.sample_size(20);
    group.bench_function("ron-deserialise", |b| {
        b.iter(|| {
            ron_options()
                .from_str::<ScenarioFile>(black_box(&text))
                .unwrap()
        })
    });
    group.bench_function("load-validate", |b| {
        b.iter(|| {
            load_bytes("generated.ron", black_box(text.as_bytes()))
                .scenario
                .unwrap()
        })
    });
    let scenario = load_valid("generated.ron", &text).unwrap();
    group.bench_function("analyze", |b| b.iter(|| Analysis::of(black_box(&scenario))));
    group.bench_function("analyze-report", |b| {
        b.iter(|| Analysis::of(black_box(&scenario)).report(&scenario))
    });
    group.finish();
}

fn shipped(c: &mut Criterion) {
    let files: Vec<(String, Vec<u8>)> = common::shipped_scenarios()
        .into_iter()
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    let mut group = c.benchmark_group("shipped-library");
    group.bench_function("ron-deserialise", |b| {
        b.iter(|| {
            for (_, bytes) in &files {
                let text = std::str::from_utf8(bytes).unwrap();
                black_box(ron_options().from_str::<ScenarioFile>(text).unwrap());
            }
        })
    });
    group.bench_function("load-validate", |b| {
        b.iter(|| {
            for (name, bytes) in &files {
                black_box(load_bytes(name, bytes).scenario.unwrap());
            }
        })
    });
    let largest = files
        .iter()
        .map(|(name, bytes)| load_bytes(name, bytes).scenario.unwrap())
        .max_by_key(|scenario| Analysis::of(scenario).state_count())
        .unwrap();
    // What a debrief needs: the values, without the author's report.
    group.bench_function(format!("analysis-largest ({})", largest.meta.id), |b| {
        b.iter(|| Analysis::of(black_box(&largest)))
    });
    group.bench_function(format!("analyze-largest ({})", largest.meta.id), |b| {
        b.iter(|| Analysis::of(black_box(&largest)).report(&largest))
    });
    group.finish();
}

/// Nodes in the "warnings-400k" file: about 400 KB of RON.
const NODES_400K: usize = 400;
/// Warnings in it: each is located in the text, which is the cost this group measures.
const WARNINGS_400K: usize = 47;

/// A 400 KB file, clean and with 47 warnings, loaded and validated against plain `ron`
/// deserialisation of the same bytes: how much locating diagnostics adds to a load.
fn warnings(c: &mut Criterion) {
    let clean = common::generate_large(NODES_400K);
    let warned = common::generate_large_with_untagged(NODES_400K, WARNINGS_400K);
    let mut group = c.benchmark_group("warnings-400k");
    group.sample_size(30);
    for (name, text) in [("clean", &clean), ("47-warnings", &warned)] {
        group.bench_function(format!("ron-deserialise-{name}"), |b| {
            b.iter(|| {
                ron_options()
                    .from_str::<ScenarioFile>(black_box(text))
                    .unwrap()
            })
        });
        group.bench_function(format!("load-validate-{name}"), |b| {
            b.iter(|| {
                load_bytes("warnings.ron", black_box(text.as_bytes()))
                    .scenario
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, generated, shipped, warnings);
criterion_main!(benches);
