//! One frame of the play screen's systems, headless: the asset pipeline, the screens as states
//! and the play loop (`GamePlugin`) with a session in progress, as the game runs them every
//! frame. The drawing (egui) needs a renderer and is measured in the real window instead
//! (docs/performance.md).
//!
//! Run with `cargo bench --profile dev -p rapport-game --bench play_frame` (the dev profile reuses the dev
//! build of Bevy; the crate is then at opt-level 1, so these figures are pessimistic).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use criterion::{Criterion, criterion_group, criterion_main};
use rapport_game::{ActivePlay, GamePlugin, Library, Phase, PlayerAction, asset_plugin};

const BILLING: &str = "billing-error-callback.ron";

/// The game without a window, with the billing scenario started and its first line shown.
fn game_in_play() -> App {
    let folder = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios")).to_path_buf();
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, asset_plugin(&folder, false)))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            16,
        )))
        .add_plugins(GamePlugin);
    let start = Instant::now();
    while app
        .world()
        .resource::<Library>()
        .get(BILLING)
        .is_none_or(|entry| entry.scenario.is_none())
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the scenario loads"
        );
        app.update();
    }
    app.world_mut()
        .write_message(PlayerAction::practice(BILLING, 1));
    app.update();
    app.world_mut().write_message(PlayerAction::SkipLine);
    app.update();
    app
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("play-frame");
    let mut waiting = game_in_play();
    assert!(matches!(
        waiting.world().resource::<ActivePlay>().phase,
        Phase::Choosing { .. }
    ));
    // The frame the game runs most: replies on screen, the silence timer counting.
    group.bench_function("choosing", |b| b.iter(|| black_box(&mut waiting).update()));

    // A frame that takes a reply: the engine step, the coaching card, back to the next line.
    let mut replying = game_in_play();
    group.bench_function("reply-and-continue", |b| {
        b.iter(|| {
            let world = replying.world_mut();
            if world.get_resource::<ActivePlay>().is_none() {
                world.write_message(PlayerAction::practice(BILLING, 1));
                replying.update();
            }
            replying.world_mut().write_message(PlayerAction::SkipLine);
            replying.world_mut().write_message(PlayerAction::Reply(0));
            replying.update();
            replying.world_mut().write_message(PlayerAction::Continue);
            replying.update();
        })
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
