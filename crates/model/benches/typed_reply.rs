//! How fast typed replies are understood, and what the model costs: load time, memory added,
//! and the time from a typed text to the decision, per reply, over every case of the
//! evaluation set (`tests/typed_replies/*.jsonl`), for the model and for words.
//!
//!     eval "$(.ci/model-env)"
//!     cargo bench -p rapport-model --profile dev --bench typed_reply
//!
//! The dev profile builds every dependency (candle included) with full optimisation, so the
//! figures are the shipped build's; it reuses the test build instead of a release one.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport_core::scenario::{discover, load_file};
use rapport_core::understand::cases::read_cases;
use rapport_core::understand::{Matcher, WordMatcher, all_replies, understand};
use rapport_model::{Embedder, ModelMatcher, model_dir};

fn resident_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * share).round() as usize]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let Some(folder) = model_dir(None) else {
        eprintln!("set RAPPORT_MODEL_DIR (eval \"$(.ci/model-env)\")");
        std::process::exit(2);
    };
    let before = resident_mib();
    let mut loads = Vec::new();
    let mut embedder = None;
    for _ in 0..5 {
        let started = Instant::now();
        let loaded = Embedder::load(&folder).expect("the model loads");
        loads.push(started.elapsed());
        embedder = Some(loaded);
    }
    loads.sort();
    let embedder = Arc::new(embedder.unwrap());
    let after_load = resident_mib();
    for text in [
        "ok",
        "I'm so sorry about the bill, let me look into it for you right now and call you back.",
    ] {
        let mut times: Vec<Duration> = (0..30)
            .map(|_| {
                let started = Instant::now();
                let _ = embedder.embed(&[text]).unwrap();
                started.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "one text of {} characters: median {:.2} ms",
            text.len(),
            percentile(&times, 0.5).as_secs_f64() * 1000.0
        );
    }

    let library: Vec<(String, Arc<rapport_core::scenario::model::Scenario>)> =
        discover(&[root.join("scenarios")])
            .unwrap()
            .into_iter()
            .map(|file| {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                (name, Arc::new(load_file(&file).scenario.unwrap()))
            })
            .collect();
    let started = Instant::now();
    let models: Vec<ModelMatcher> = library
        .iter()
        .map(|(_, scenario)| {
            ModelMatcher::for_scenario(Arc::clone(&embedder), scenario, None).unwrap()
        })
        .collect();
    let embedding_all = started.elapsed();
    let after_replies = resident_mib();
    let words: Vec<WordMatcher> = library
        .iter()
        .map(|(_, scenario)| WordMatcher::for_scenario(scenario))
        .collect();

    let mut cases = Vec::new();
    for file in ["cases.jsonl", "reworded.jsonl"] {
        if let Ok(text) = std::fs::read_to_string(root.join("tests/typed_replies").join(file)) {
            cases.extend(read_cases(&text).unwrap());
        }
    }
    let mut timings: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for case in &cases {
        let Some(index) = library.iter().position(|(name, _)| *name == case.scenario) else {
            continue;
        };
        let Some(node) = library[index]
            .1
            .nodes
            .iter()
            .find(|node| node.id == case.node)
        else {
            continue;
        };
        let replies = all_replies(node);
        let matchers: [&dyn Matcher; 2] = [&models[index], &words[index]];
        for (times, matcher) in timings.iter_mut().zip(matchers) {
            let started = Instant::now();
            let _ = std::hint::black_box(understand(matcher, &case.text, &replies));
            times.push(started.elapsed());
        }
    }
    println!(
        "model load (5 runs): median {:.0} ms, slowest {:.0} ms",
        percentile(&loads, 0.5).as_secs_f64() * 1000.0,
        loads[loads.len() - 1].as_secs_f64() * 1000.0
    );
    println!(
        "memory: {before:.0} MiB before, {after_load:.0} MiB with the model ({:+.0}), {after_replies:.0} MiB with every reply of {} scenarios embedded ({:+.0} in all)",
        after_load - before,
        library.len(),
        after_replies - before
    );
    println!(
        "embedding every reply and example of the library, uncached: {:.1} s",
        embedding_all.as_secs_f64()
    );
    for (name, times) in ["model", "words"].iter().zip(timings.iter_mut()) {
        times.sort();
        println!(
            "{name}: {} typed replies, p50 {:.2} ms, p99 {:.2} ms, slowest {:.2} ms",
            times.len(),
            percentile(times, 0.5).as_secs_f64() * 1000.0,
            percentile(times, 0.99).as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0
        );
    }
}
