//! The game without a window: scenarios through Bevy's asset pipeline, the screens as states,
//! the play loop driven by the same actions keys and buttons send, and hot reload.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use rapport_core::debrief::Debrief;
use rapport_core::session::reading::ReadingSpeed;
use rapport_core::session::{Choice, Session};
use rapport_core::trainee::Trainee;
use rapport_game::{
    ActivePlay, CurrentTrainee, FinishedPlay, GamePlugin, Library, Phase, PlayerAction, Screen,
    Settings, asset_plugin,
};

const BILLING: &str = "billing-error-callback.ron";

fn scenarios_folder() -> PathBuf {
    common::scenarios_folder()
}

fn game(folder: &Path, watch: bool) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, asset_plugin(folder, watch)))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            50,
        )))
        .add_plugins(GamePlugin)
        // The tests read English notices whatever the machine's locale.
        .insert_resource(rapport_game::settings::SystemLanguage(
            rapport_game::settings::Language::English,
        ));
    app
}

/// The game with its results in a fresh scratch data folder named after `name`.
fn game_with_results(name: &str) -> (App, PathBuf) {
    let data = std::env::temp_dir().join(format!("rapport-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut app = game(&scenarios_folder(), false);
    app.insert_resource(rapport_game::ResultsLocation(Some(
        rapport_store::StoreLocation::folder(data.clone()),
    )));
    (app, data)
}

/// Updates until `done` holds, or fails after `limit`.
fn update_until(app: &mut App, what: &str, limit: Duration, done: impl Fn(&World) -> bool) {
    let start = Instant::now();
    while start.elapsed() < limit {
        app.update();
        if done(app.world()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("timed out waiting for {what}");
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn library_ready(world: &World, files: usize) -> bool {
    let library = world.resource::<Library>();
    library.entries.len() >= files
        && library
            .entries
            .iter()
            .all(|entry| entry.loaded.is_some() || entry.broken)
}

/// Waits until the billing scenario itself is loaded: files load in no fixed order, so
/// waiting for "some" of the library races the `Start` that follows.
fn wait_for_billing(app: &mut App) {
    update_until(
        app,
        "the billing scenario",
        Duration::from_secs(30),
        |world| {
            world
                .resource::<Library>()
                .get(BILLING)
                .is_some_and(|entry| entry.scenario.is_some())
        },
    );
}

fn send(app: &mut App, action: PlayerAction) {
    app.world_mut().write_message(action);
}

/// Starts the billing scenario with `seed`, as the picker's Play button does.
fn start_billing(app: &mut App, seed: u64) {
    send(app, PlayerAction::practice(BILLING, seed));
}

/// The last card is closed: the session has ended, or its debrief is being worked out.
fn conversation_over(world: &World) -> bool {
    world
        .get_resource::<ActivePlay>()
        .is_none_or(|play| play.phase == Phase::Debriefing)
}

/// Plays turns, always the reply shown at `position`, until the conversation ends.
fn play_to_the_end(app: &mut App, position: usize) {
    for _ in 0..40 {
        if conversation_over(app.world()) {
            return;
        }
        play_turn(app, position);
    }
    panic!("the conversation did not end in 40 turns");
}

/// Shows the whole customer line (Space) and waits until the replies are on offer.
fn show_replies(app: &mut App) {
    send(app, PlayerAction::SkipLine);
    update_until(app, "replies", Duration::from_secs(5), |world| {
        matches!(world.resource::<ActivePlay>().phase, Phase::Choosing { .. })
    });
}

/// Plays one turn: lets the line finish, picks the shown reply at `position`, closes the
/// coaching card. Returns the choice the engine received.
fn play_turn(app: &mut App, position: usize) -> Choice {
    show_replies(app);
    let choice = app
        .world()
        .resource::<ActivePlay>()
        .session
        .prompt()
        .unwrap()
        .options[position];
    send(app, PlayerAction::Reply(position));
    update_until(app, "coaching", Duration::from_secs(5), |world| {
        world
            .get_resource::<ActivePlay>()
            .is_none_or(|play| matches!(play.phase, Phase::Coaching(_)))
    });
    send(app, PlayerAction::Continue);
    app.update();
    choice
}

/// A watched scratch copy of the billing scenario with a session one turn in: returns the
/// folder, the file's original text and the app.
fn watched_session(name: &str) -> (PathBuf, String, App) {
    let folder = std::env::temp_dir().join(format!("rapport-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let original = std::fs::read_to_string(scenarios_folder().join(BILLING)).unwrap();
    std::fs::write(folder.join(BILLING), &original).unwrap();
    let mut app = game(&folder, true);
    wait_for_billing(&mut app);
    start_billing(&mut app, 5);
    app.update();
    play_turn(&mut app, 0);
    (folder, original, app)
}

#[test]
fn the_shipped_library_loads_through_the_asset_pipeline() {
    let mut app = game(&scenarios_folder(), false);
    // Scenario files; their translations (`.ftl`) are not entries of their own.
    let shipped = std::fs::read_dir(scenarios_folder())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|entry| entry.path().extension().is_some_and(|ext| ext == "ron"))
        })
        .count();
    update_until(&mut app, "the library", Duration::from_secs(20), |world| {
        library_ready(world, shipped)
    });
    let library = app.world().resource::<Library>();
    assert_eq!(library.entries.len(), shipped);
    assert!(
        library
            .entries
            .iter()
            .all(|entry| !entry.broken && entry.scenario.is_some())
    );
    assert!(library.get(BILLING).is_some());
}

#[test]
fn menu_to_debrief_records_the_score_the_core_computes() {
    let mut app = game(&scenarios_folder(), false);
    wait_for_billing(&mut app);
    assert_eq!(screen(&app), Screen::Title);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Picker);
    app.update();
    assert_eq!(screen(&app), Screen::Picker);

    start_billing(&mut app, 7);
    update_until(
        &mut app,
        "the play screen",
        Duration::from_secs(5),
        |world| *world.resource::<State<Screen>>().get() == Screen::Play,
    );

    // The first reply by keyboard, as a trainee would.
    send(&mut app, PlayerAction::SkipLine);
    app.update();
    let first = app
        .world()
        .resource::<ActivePlay>()
        .session
        .prompt()
        .unwrap()
        .options[0];
    app.world_mut()
        .resource_mut::<ButtonInput<KeyCode>>()
        .press(KeyCode::Digit1);
    app.update();
    {
        let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        keys.release(KeyCode::Digit1);
        keys.clear();
    }
    app.update();
    // The customer reacts (Space shows the whole line), then the card; Enter closes it.
    assert!(app.world().resource::<ActivePlay>().card.is_some());
    send(&mut app, PlayerAction::SkipLine);
    app.update();
    assert!(matches!(
        app.world().resource::<ActivePlay>().phase,
        Phase::Coaching(_)
    ));
    send(&mut app, PlayerAction::Continue);
    app.update();

    let mut choices = vec![first];
    for turn in 0..40 {
        if conversation_over(app.world()) {
            break;
        }
        assert!(turn < 39, "the conversation did not end");
        choices.push(play_turn(&mut app, turn % 2));
    }
    update_until(&mut app, "the debrief", Duration::from_secs(5), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    let finished = app.world().resource::<FinishedPlay>();
    assert_eq!((finished.file.as_str(), finished.seed), (BILLING, 7));

    let scenario = app
        .world()
        .resource::<Library>()
        .get(BILLING)
        .unwrap()
        .scenario
        .clone()
        .unwrap();
    let mut session = Session::new(Arc::clone(&scenario), 7);
    for choice in &choices {
        session.choose(*choice).unwrap();
    }
    let expected = Debrief::of(&session).unwrap();
    assert_eq!(finished.debrief, expected);
}

#[test]
fn silence_runs_out_the_clock_when_timers_are_on() {
    let mut app = game(&scenarios_folder(), false);
    wait_for_billing(&mut app);
    assert!(app.world().resource::<Settings>().timers);
    start_billing(&mut app, 3);
    show_replies(&mut app);
    let clock = app
        .world()
        .resource::<ActivePlay>()
        .session
        .silence_after(ReadingSpeed::Average)
        .expect("the first node has a time limit");
    assert!(
        clock.reading > 10.0,
        "four replies take more than 10 s to read"
    );
    // Game time moves 50 ms a frame: the reading time, then the 8 s limit.
    let waited = |world: &World| match world.resource::<ActivePlay>().phase {
        Phase::Choosing { waited } => Some(waited),
        _ => None,
    };
    update_until(
        &mut app,
        "the end of reading time",
        Duration::from_secs(30),
        |world| waited(world).is_some_and(|waited| waited > clock.reading + 1.0),
    );
    assert!(
        waited(app.world()).is_some(),
        "the customer has not given up during the reading time"
    );
    update_until(
        &mut app,
        "the silence",
        Duration::from_secs(30),
        |world| matches!(&world.resource::<ActivePlay>().phase, Phase::Coaching(exchange) if exchange.choice == Choice::Silence),
    );
    let play = app.world().resource::<ActivePlay>();
    assert_eq!(play.session.transcript().len(), 1);
    assert!(play.session.meters().patience < 45, "silence cost patience");
}

#[test]
fn the_customer_reacts_before_the_coaching_card_and_assessment_holds_every_card() {
    let mut app = game(&scenarios_folder(), false);
    wait_for_billing(&mut app);
    start_billing(&mut app, 3);
    show_replies(&mut app);
    send(&mut app, PlayerAction::Reply(0));
    app.update();
    let play = app.world().resource::<ActivePlay>();
    assert!(
        matches!(play.phase, Phase::Speaking { .. }) && play.card.is_some(),
        "the customer's next line comes first, the card waits: {:?}",
        play.phase
    );
    // A reply key pressed during the reaction does not skip the card.
    send(&mut app, PlayerAction::Reply(0));
    app.update();
    assert_eq!(
        app.world()
            .resource::<ActivePlay>()
            .session
            .transcript()
            .len(),
        1
    );
    update_until(&mut app, "the card", Duration::from_secs(10), |world| {
        matches!(world.resource::<ActivePlay>().phase, Phase::Coaching(_))
    });
    send(&mut app, PlayerAction::Continue);
    app.update();
    assert!(
        matches!(
            app.world().resource::<ActivePlay>().phase,
            Phase::Choosing { .. }
        ),
        "the line was already said: straight to the replies"
    );

    // Assessment: not one card while playing; the debrief has every turn's coaching.
    app.world_mut().resource_mut::<Settings>().assessment = true;
    start_billing(&mut app, 4);
    app.update();
    let mut cards = 0;
    for _ in 0..40 {
        if conversation_over(app.world()) {
            break;
        }
        send(&mut app, PlayerAction::SkipLine);
        app.update();
        let play = app.world().resource::<ActivePlay>();
        cards += usize::from(matches!(play.phase, Phase::Coaching(_)));
        if matches!(play.phase, Phase::Choosing { .. }) {
            send(&mut app, PlayerAction::Reply(0));
            app.update();
        }
    }
    assert_eq!(cards, 0, "no card is shown in assessment mode");
    update_until(&mut app, "the debrief", Duration::from_secs(10), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    let debrief = &app.world().resource::<FinishedPlay>().debrief;
    assert!(!debrief.turns.is_empty());
    assert!(debrief.turns.iter().all(|turn| !turn.coaching.is_empty()));
}

#[test]
fn the_tutorial_is_coached_and_debriefed_but_never_stored() {
    const TUTORIAL: &str = "tutorial-first-call.ron";
    let (mut app, data) = game_with_results("tutorial");
    app.insert_resource(CurrentTrainee(Trainee::new("Dana", "Blue")));
    update_until(&mut app, "the tutorial", Duration::from_secs(30), |world| {
        world
            .resource::<Library>()
            .get(TUTORIAL)
            .is_some_and(|entry| entry.scenario.is_some())
    });
    send(&mut app, PlayerAction::practice(TUTORIAL, 1));
    app.update();
    play_to_the_end(&mut app, 0);
    update_until(&mut app, "the debrief", Duration::from_secs(10), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    app.update();
    assert!(!app.world().resource::<FinishedPlay>().debrief.scored);
    assert!(!app.world().resource::<rapport_game::SavesInFlight>().any());
    drop(app);
    let sessions = rapport_store::Store::open_in(&data)
        .unwrap()
        .sessions()
        .unwrap();
    assert!(
        sessions.is_empty(),
        "a tutorial is not stored: {sessions:?}"
    );
    let _ = std::fs::remove_dir_all(&data);
}

/// Every shipped scenario plays from the picker's Start to its debrief in the game, along
/// its best path (silences included: the timer runs out on them), and scores 100.
#[test]
fn every_shipped_scenario_plays_to_its_debrief_along_its_best_path() {
    let files: Vec<String> = common::shipped_scenarios()
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('_'))
        .collect();
    let mut app = game(&scenarios_folder(), false);
    update_until(
        &mut app,
        "the whole library",
        Duration::from_secs(60),
        |world| library_ready(world, files.len()),
    );
    for file in &files {
        let scenario = app
            .world()
            .resource::<Library>()
            .get(file)
            .and_then(|entry| entry.scenario.clone())
            .unwrap_or_else(|| panic!("{file} is playable"));
        let best = rapport_core::analysis::Analysis::of(&scenario).best_choices();
        send(&mut app, PlayerAction::practice(file.clone(), 1));
        app.update();
        for choice in &best {
            show_replies(&mut app);
            let turns = app
                .world()
                .resource::<ActivePlay>()
                .session
                .transcript()
                .len();
            if let Choice::Response(_) = choice {
                let prompt = app
                    .world()
                    .resource::<ActivePlay>()
                    .session
                    .prompt()
                    .unwrap();
                let position = prompt.options.iter().position(|o| o == choice).unwrap();
                send(&mut app, PlayerAction::Reply(position));
            }
            // A reply is taken at once; a silence when the reading time and the limit run out.
            update_until(&mut app, "the turn", Duration::from_secs(60), |world| {
                world.resource::<ActivePlay>().session.transcript().len() > turns
            });
            let mut cards = 0;
            while !conversation_over(app.world()) && cards < 3 {
                send(&mut app, PlayerAction::SkipLine);
                send(&mut app, PlayerAction::Continue);
                app.update();
                cards += 1;
                if matches!(
                    app.world().resource::<ActivePlay>().phase,
                    Phase::Choosing { .. }
                ) {
                    break;
                }
            }
        }
        update_until(&mut app, "the debrief", Duration::from_secs(10), |world| {
            *world.resource::<State<Screen>>().get() == Screen::Debrief
        });
        let debrief = &app.world().resource::<FinishedPlay>().debrief;
        assert_eq!(debrief.scenario_id, scenario.meta.id, "{file}");
        if debrief.scored {
            assert_eq!(debrief.score, 100, "{file}: the best path scores 100");
        }
    }
}

#[test]
fn a_slower_reader_gets_more_reading_time_before_the_customer_waits() {
    let mut app = game(&scenarios_folder(), false);
    wait_for_billing(&mut app);
    app.world_mut().resource_mut::<Settings>().reading_speed = ReadingSpeed::Slower;
    start_billing(&mut app, 3);
    show_replies(&mut app);
    let session = &app.world().resource::<ActivePlay>().session;
    let average = session.silence_after(ReadingSpeed::Average).unwrap();
    let slower = session.silence_after(ReadingSpeed::Slower).unwrap();
    assert!(slower.reading > average.reading);
    assert_eq!(
        slower.waiting, average.waiting,
        "the customer's own patience is the same"
    );
    // Past the average reader's whole limit, the slower reader is still choosing.
    let past_average = average.reading + average.waiting + 1.0;
    assert!(slower.reading + slower.waiting > past_average + 1.0);
    update_until(
        &mut app,
        "time to pass",
        Duration::from_secs(30),
        |world| matches!(world.resource::<ActivePlay>().phase, Phase::Choosing { waited } if waited > past_average),
    );
}

#[test]
fn abandoning_leaves_without_a_debrief() {
    let mut app = game(&scenarios_folder(), false);
    wait_for_billing(&mut app);
    start_billing(&mut app, 3);
    app.update();
    play_turn(&mut app, 0);
    send(&mut app, PlayerAction::Abandon);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Picker);
    assert!(app.world().get_resource::<ActivePlay>().is_none());
    assert!(app.world().get_resource::<FinishedPlay>().is_none());
}

#[test]
fn a_broken_save_keeps_the_session_and_a_fixed_one_carries_it_over() {
    let (folder, original, mut app) = watched_session("hot-reload");
    let before = app.world().resource::<ActivePlay>().session.state();

    // A save with a typo in a `next`: the error shows, the session goes on.
    let broken = original.replacen("next: \"story\"", "next: \"stroy\"", 1);
    assert_ne!(broken, original);
    std::fs::write(folder.join(BILLING), &broken).unwrap();
    update_until(
        &mut app,
        "the broken reload",
        Duration::from_secs(20),
        |world| {
            world
                .resource::<Library>()
                .get(BILLING)
                .is_some_and(|entry| entry.broken)
        },
    );
    app.update();
    let play = app.world().resource::<ActivePlay>();
    assert_eq!(
        play.session.state(),
        before,
        "nothing a trainee is playing is lost"
    );
    assert!(
        play.notice
            .as_deref()
            .unwrap_or_default()
            .contains("`next` names no node or ending: `stroy`")
    );
    let entry = app.world().resource::<Library>().get(BILLING).unwrap();
    assert!(
        entry.rendered.contains(":"),
        "located error: {}",
        entry.rendered
    );

    // The author fixes it and rewords a line: play continues at the same node and meters.
    let fixed = original.replacen("Marcus Reid", "Marcus J. Reid", 1);
    std::fs::write(folder.join(BILLING), &fixed).unwrap();
    update_until(
        &mut app,
        "the fixed reload",
        Duration::from_secs(20),
        |world| {
            world
                .get_resource::<ActivePlay>()
                .is_some_and(|play| play.session.scenario().customer.name == "Marcus J. Reid")
        },
    );
    let play = app.world().resource::<ActivePlay>();
    let now = play.session.state();
    assert_eq!((now.meters, now.turn), (before.meters, before.turn));
    assert_eq!(play.earlier.len(), 1, "the turn before the reload is kept");
    assert!(
        play.notice
            .as_deref()
            .unwrap_or_default()
            .contains("Scenario reloaded")
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn an_author_can_playtest_from_any_node_with_chosen_meters() {
    let mut app = game(&scenarios_folder(), false);
    wait_for_billing(&mut app);
    let meters = rapport_core::scenario::Meters {
        satisfaction: 70,
        trust: 15,
        patience: 90,
    };
    send(
        &mut app,
        PlayerAction::Playtest {
            file: BILLING.into(),
            node: "verify".into(),
            meters,
        },
    );
    update_until(&mut app, "the playtest", Duration::from_secs(5), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Play
    });
    let play = app.world().resource::<ActivePlay>();
    let scenario = Arc::clone(play.session.scenario());
    assert_eq!(
        scenario.node(play.session.prompt().unwrap().node).id,
        "verify"
    );
    assert_eq!(play.session.meters(), meters);
    assert!(
        play.notice
            .as_deref()
            .unwrap_or_default()
            .contains("Playtest from `verify`")
    );
}

#[test]
fn finished_and_abandoned_sessions_are_stored_and_the_trainee_is_remembered() {
    use rapport_game::{Results, ResultsLocation};
    use rapport_store::{Store, StoreLocation};

    let (mut app, data) = game_with_results("results");
    app.insert_resource(CurrentTrainee(Trainee::new("Dana", "Blue")));
    wait_for_billing(&mut app);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Picker);
    app.update();

    start_billing(&mut app, 11);
    app.update();
    play_turn(&mut app, 0);
    send(&mut app, PlayerAction::Abandon);
    app.update();
    app.update();

    start_billing(&mut app, 12);
    app.update();
    play_to_the_end(&mut app, 0);
    update_until(&mut app, "the debrief", Duration::from_secs(5), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    update_until(&mut app, "the save", Duration::from_secs(5), |world| {
        !world.resource::<rapport_game::SavesInFlight>().any()
    });
    let score = app.world().resource::<FinishedPlay>().debrief.score;
    let scenario_id = app
        .world()
        .resource::<FinishedPlay>()
        .debrief
        .scenario_id
        .clone();
    assert_eq!(
        app.world().resource::<Results>().best.get(&scenario_id),
        Some(&score)
    );
    drop(app);

    let mut store = Store::open_in(&data).unwrap();
    let sessions = store.sessions().unwrap();
    let statuses: Vec<(&str, &str, Option<u8>)> = sessions
        .iter()
        .map(|s| (s.trainee.as_str(), s.status.as_str(), s.score))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Dana", "abandoned", None),
            ("Dana", "finished", Some(score))
        ]
    );
    // Every choice is kept with its timing and the meters after it.
    let stored = store.sessions_since(None).unwrap();
    let finished = &stored[1];
    assert_eq!(finished.turns.len(), finished.record.choices.len());
    assert!(finished.turns.iter().all(|turn| turn.millis.is_some()));
    assert_eq!(stored[0].turns.len(), 1, "the abandoned session's one turn");
    drop(store);
    // Each session was written to the outbox first and taken out once stored.
    let outbox = data.join(rapport_store::outbox::FOLDER);
    assert_eq!(
        std::fs::read_dir(&outbox).map_or(0, |files| files.count()),
        0,
        "nothing is left waiting"
    );

    // The next start offers to continue as Dana of team Blue.
    let mut again = game(&scenarios_folder(), false);
    again.insert_resource(ResultsLocation(Some(StoreLocation::folder(data.clone()))));
    again.update();
    let trainee = again.world().resource::<CurrentTrainee>();
    assert_eq!(
        (trainee.name.as_str(), trainee.team.as_str()),
        ("Dana", "Blue")
    );
    assert_eq!(
        again.world().resource::<Results>().last_trainee,
        Some(Trainee::new("Dana", "Blue"))
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_reload_that_removes_the_current_node_tells_the_trainee_to_restart() {
    let (folder, original, mut app) = watched_session("stranded");
    let current = {
        let play = app.world().resource::<ActivePlay>();
        play.session
            .scenario()
            .node(play.session.prompt().unwrap().node)
            .id
            .clone()
    };
    // The author renames the node the trainee is at (and every link to it).
    let renamed = original.replace(&format!("\"{current}\""), &format!("\"{current}-v2\""));
    std::fs::write(folder.join(BILLING), &renamed).unwrap();
    update_until(
        &mut app,
        "the stranded notice",
        Duration::from_secs(20),
        |world| world.resource::<ActivePlay>().stranded,
    );
    let notice = app
        .world()
        .resource::<ActivePlay>()
        .notice
        .clone()
        .unwrap_or_default();
    assert!(
        notice.contains(&format!("node `{current}` is gone")),
        "{notice}"
    );
    assert!(notice.contains("press R"), "{notice}");
    // Replies are refused until the restart, which plays the new version from the start.
    send(&mut app, PlayerAction::Reply(0));
    app.update();
    assert_eq!(
        app.world()
            .resource::<ActivePlay>()
            .session
            .transcript()
            .len(),
        1
    );
    start_billing(&mut app, 5);
    update_until(&mut app, "the restart", Duration::from_secs(5), |world| {
        world
            .resource::<ActivePlay>()
            .session
            .transcript()
            .is_empty()
    });
    assert!(!app.world().resource::<ActivePlay>().stranded);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_session_the_store_cannot_take_is_kept_told_and_saved_on_the_next_start() {
    use rapport_game::{Results, ResultsLocation, SavesInFlight};
    use rapport_store::{Store, StoreLocation};

    let (mut app, data) = game_with_results("outbox");
    app.insert_resource(CurrentTrainee(Trainee::new("Dana", "Blue")));
    wait_for_billing(&mut app);
    // Another writer takes the store and keeps it for the whole session.
    let holder = rusqlite::Connection::open(data.join(rapport_store::FILE_NAME)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    start_billing(&mut app, 12);
    app.update();
    play_to_the_end(&mut app, 0);
    update_until(&mut app, "the debrief", Duration::from_secs(10), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    // The save waits for the other writer (three one-second tries) on a task: the debrief is
    // on screen while it does, so the window never froze on it.
    assert!(app.world().resource::<SavesInFlight>().any());
    update_until(
        &mut app,
        "the save to give up",
        Duration::from_secs(10),
        |world| !world.resource::<SavesInFlight>().any(),
    );
    let notice = app.world().resource::<Results>().save_notice.clone();
    assert!(
        notice
            .as_deref()
            .is_some_and(|n| n.contains("could not be saved now") && n.contains("kept in")),
        "{notice:?}"
    );
    let outbox = data.join(rapport_store::outbox::FOLDER);
    assert_eq!(std::fs::read_dir(&outbox).unwrap().count(), 1);
    drop(app);
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);

    // The next start stores it before anything else.
    let mut again = game(&scenarios_folder(), false);
    again.insert_resource(ResultsLocation(Some(StoreLocation::folder(data.clone()))));
    again.update();
    assert_eq!(std::fs::read_dir(&outbox).unwrap().count(), 0);
    drop(again);
    let sessions = Store::open_in(&data).unwrap().sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        (sessions[0].trainee.as_str(), sessions[0].status.as_str()),
        ("Dana", "finished")
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn the_leaderboard_reads_the_store_and_switching_trainee_takes_effect() {
    use rapport_core::record::SessionData;
    use rapport_game::{Results, ResultsLocation, SwitchTrainee};
    use rapport_store::StoreLocation;

    let data = std::env::temp_dir().join(format!("rapport-boards-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    // Two trainees with a finished session each, played by the engine.
    {
        let scenario = Arc::new(
            rapport_core::scenario::load_file(&scenarios_folder().join(BILLING))
                .scenario
                .unwrap(),
        );
        let mut store = StoreLocation::folder(&data).open().unwrap();
        for (name, team, pick) in [("Ali", "Red", 1), ("Dana", "Blue", 0)] {
            let mut session = Session::new(Arc::clone(&scenario), 4);
            while let Some(prompt) = session.prompt().cloned() {
                session
                    .choose(prompt.options[pick.min(prompt.options.len() - 1)])
                    .unwrap();
            }
            let debrief = Debrief::of(&session).unwrap();
            let trainee = Trainee::new(name, team);
            let data = SessionData::of(&trainee, &session, Some(&debrief), &[], 10, 20);
            store.save_session(&data).unwrap();
            store.remember_trainee(&trainee).unwrap();
        }
    }
    let mut app = game(&scenarios_folder(), false);
    app.insert_resource(ResultsLocation(Some(StoreLocation::folder(&data))));
    app.update();
    assert_eq!(
        app.world().resource::<CurrentTrainee>().name,
        "Dana",
        "the last to play"
    );
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Leaderboard);
    app.update();
    {
        let boards = &app.world().resource::<Results>().boards;
        assert_eq!(boards.scenarios.len(), 1);
        assert_eq!(boards.scenarios[0].sessions, 2);
        assert_eq!(
            boards.trainees_by_scenario["billing-error-callback"].len(),
            2
        );
        assert_eq!(boards.teams.len(), 2);
        assert_eq!(boards.trainee, "Dana");
        assert_eq!(boards.history.len(), 1);
        assert!(!boards.history[0].skills.is_empty(), "per-skill progress");
    }

    // F4 then a digit sends this: Ali is playing from now on, and is remembered.
    app.world_mut()
        .write_message(SwitchTrainee(Trainee::new("Ali", "Red")));
    app.update();
    let trainee = app.world().resource::<CurrentTrainee>();
    assert_eq!(
        (trainee.name.as_str(), trainee.team.as_str()),
        ("Ali", "Red")
    );
    let results = app.world().resource::<Results>();
    assert_eq!(results.boards.trainee, "Ali");
    assert_eq!(results.known_trainees()[0].name, "Ali");
    assert!(results.best.contains_key("billing-error-callback"));
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_team_match_is_played_hot_seat_and_resumed_after_a_crash() {
    use rapport_game::{
        MatchAction, MatchInProgress, MatchStage, ResultsLocation, UnfinishedMatches,
    };
    use rapport_store::{Store, StoreLocation};

    let data = std::env::temp_dir().join(format!("rapport-match-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let started = |data: &Path| {
        let mut app = game(&scenarios_folder(), false);
        app.insert_resource(ResultsLocation(Some(StoreLocation::folder(data))));
        wait_for_billing(&mut app);
        app.world_mut()
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Match);
        app.update();
        app
    };
    let stage = |app: &App| app.world().resource::<MatchInProgress>().stage.clone();
    let ready_and_play = |app: &mut App| -> String {
        app.world_mut().write_message(MatchAction::Ready);
        update_until(app, "the player's turn", Duration::from_secs(5), |world| {
            *world.resource::<State<Screen>>().get() == Screen::Play
        });
        let play = app.world().resource::<ActivePlay>();
        assert_eq!(
            play.session.seed(),
            5,
            "everyone plays round 1 with the match seed"
        );
        play.session.prompt().unwrap().line.clone()
    };

    let mut app = started(&data);
    let scenario = app
        .world()
        .resource::<Library>()
        .get(BILLING)
        .unwrap()
        .scenario
        .clone()
        .unwrap();
    let plan = common::two_player_match(&scenario, BILLING, 5);
    app.world_mut()
        .write_message(MatchAction::Create(plan.clone()));
    app.update();
    assert_eq!(stage(&app), MatchStage::Handover);

    // Dana plays to the end; the match shows the scoreboard, not her debrief.
    let dana_line = ready_and_play(&mut app);
    assert_eq!(app.world().resource::<CurrentTrainee>().name, "Dana");
    play_to_the_end(&mut app, 0);
    update_until(
        &mut app,
        "the scoreboard",
        Duration::from_secs(5),
        |world| {
            *world.resource::<State<Screen>>().get() == Screen::Match
                && matches!(
                    world.resource::<MatchInProgress>().stage,
                    MatchStage::Scoreboard(_)
                )
        },
    );
    let MatchStage::Scoreboard(dana) = stage(&app) else {
        unreachable!()
    };
    assert!(dana.score.is_some());

    // The game stops here (a crash); the next start resumes at Sam's turn.
    drop(app);
    let mut app = started(&data);
    let unfinished = app.world().resource::<UnfinishedMatches>().0.clone();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].next(), Some((0, 1)));
    app.world_mut()
        .write_message(MatchAction::Resume(plan.uid.clone()));
    app.update();
    assert_eq!(stage(&app), MatchStage::Handover);
    let sam_line = ready_and_play(&mut app);
    assert_eq!(sam_line, dana_line, "the same customer, word for word");
    assert_eq!(app.world().resource::<CurrentTrainee>().name, "Sam");
    play_turn(&mut app, 1);
    send(&mut app, PlayerAction::Abandon);
    update_until(
        &mut app,
        "the scoreboard",
        Duration::from_secs(5),
        |world| {
            matches!(
                world.resource::<MatchInProgress>().stage,
                MatchStage::Scoreboard(_)
            )
        },
    );
    app.world_mut().write_message(MatchAction::Continue);
    app.update();
    assert_eq!(stage(&app), MatchStage::Final);
    let finished = app.world().resource::<MatchInProgress>().team_match.clone();
    assert_eq!(finished.standings()[0].name, "Dana");
    let host = app.world().resource::<MatchInProgress>().host.clone();
    app.world_mut().write_message(MatchAction::Leave);
    app.update();
    assert_eq!(
        app.world().resource::<CurrentTrainee>().0,
        host,
        "whoever was at the keyboard before the match is back"
    );
    drop(app);

    let mut store = Store::open_in(&data).unwrap();
    assert!(store.unfinished_matches().unwrap().is_empty());
    let known: Vec<String> = store
        .trainees()
        .unwrap()
        .into_iter()
        .map(|trainee| trainee.name)
        .collect();
    assert!(
        known.contains(&"Dana".to_owned()) && known.contains(&"Sam".to_owned()),
        "players become trainees: {known:?}"
    );
    let statuses: Vec<(String, String)> = store
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| (s.trainee, s.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Dana".to_owned(), "finished".to_owned()),
            ("Sam".to_owned(), "abandoned".to_owned())
        ],
        "each turn stored once, as a match turn"
    );
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_match_turn_that_cannot_be_kept_anywhere_is_not_counted_and_is_played_again() {
    use rapport_game::{MatchAction, MatchInProgress, MatchStage};

    let (mut app, data) = game_with_results("match-unsaved");
    wait_for_billing(&mut app);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Match);
    app.update();
    let scenario = app
        .world()
        .resource::<Library>()
        .get(BILLING)
        .unwrap()
        .scenario
        .clone()
        .unwrap();
    app.world_mut()
        .write_message(MatchAction::Create(common::two_player_match(
            &scenario, BILLING, 5,
        )));
    app.update();
    // Another writer holds the store throughout, and the outbox cannot be made: a file sits
    // where its folder should be.
    let holder = rusqlite::Connection::open(data.join(rapport_store::FILE_NAME)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    std::fs::write(data.join(rapport_store::outbox::FOLDER), b"in the way").unwrap();

    app.world_mut().write_message(MatchAction::Ready);
    update_until(&mut app, "Dana's turn", Duration::from_secs(5), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Play
    });
    play_to_the_end(&mut app, 0);
    update_until(
        &mut app,
        "the turn's save to fail",
        Duration::from_secs(15),
        |world| {
            let current = world.resource::<MatchInProgress>();
            current.saving.is_none() && current.stage == MatchStage::Handover
        },
    );
    let current = app.world().resource::<MatchInProgress>().clone();
    assert_eq!(current.team_match.progress().0, 0, "no turn is counted");
    assert_eq!(
        current.team_match.next(),
        Some((0, 0)),
        "Dana plays the turn again"
    );
    let notice = current.notice.unwrap_or_default();
    assert!(
        notice.contains("not counted") && notice.contains("NOT saved"),
        "{notice}"
    );
    drop(app);
    holder.execute_batch("ROLLBACK").unwrap();
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn the_game_shows_every_bad_file_with_its_error_and_keeps_running() {
    let folder = std::env::temp_dir().join(format!("rapport-bad-game-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let cases = common::bad_inputs();
    for case in &cases {
        std::fs::write(folder.join(format!("{}.ron", case.name)), &case.bytes).unwrap();
    }
    std::fs::copy(scenarios_folder().join(BILLING), folder.join(BILLING)).unwrap();
    let mut app = game(&folder, false);
    update_until(&mut app, "every file", Duration::from_secs(30), |world| {
        library_ready(world, cases.len() + 1)
    });
    let library = app.world().resource::<Library>();
    for case in &cases {
        let entry = library
            .get(&format!("{}.ron", case.name))
            .unwrap_or_else(|| panic!("{} is listed", case.name));
        assert!(entry.broken && entry.scenario.is_none(), "{}", case.name);
        assert!(
            entry.rendered.contains(case.message),
            "{}: the library shows\n{}",
            case.name,
            entry.rendered
        );
    }
    // And the good scenario beside them plays.
    start_billing(&mut app, 1);
    update_until(
        &mut app,
        "the play screen",
        Duration::from_secs(5),
        |world| *world.resource::<State<Screen>>().get() == Screen::Play,
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_second_file_with_the_same_scenario_id_is_not_played_until_the_first_goes() {
    let folder = std::env::temp_dir().join(format!("rapport-same-id-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    for copy in ["a-billing.ron", "b-billing.ron"] {
        std::fs::copy(scenarios_folder().join(BILLING), folder.join(copy)).unwrap();
    }
    let mut app = game(&folder, true);
    update_until(&mut app, "both files", Duration::from_secs(30), |world| {
        library_ready(world, 2)
    });
    let library = app.world().resource::<Library>();
    let (first, second) = (
        library.get("a-billing.ron").unwrap(),
        library.get("b-billing.ron").unwrap(),
    );
    assert!(first.scenario.is_some() && first.duplicate_of.is_none());
    assert!(second.scenario.is_none());
    assert_eq!(second.duplicate_of.as_deref(), Some("a-billing.ron"));

    send(&mut app, PlayerAction::practice("b-billing.ron", 1));
    app.update();
    app.update();
    assert_eq!(
        screen(&app),
        Screen::Title,
        "the second file does not start"
    );

    // Once the first file goes, the second is the only one with the id, and plays.
    std::fs::remove_file(folder.join("a-billing.ron")).unwrap();
    update_until(
        &mut app,
        "the second file to be free",
        Duration::from_secs(20),
        |world| {
            world
                .resource::<Library>()
                .get("b-billing.ron")
                .is_some_and(|entry| entry.scenario.is_some())
        },
    );
    send(&mut app, PlayerAction::practice("b-billing.ron", 1));
    update_until(
        &mut app,
        "the play screen",
        Duration::from_secs(5),
        |world| *world.resource::<State<Screen>>().get() == Screen::Play,
    );
    let _ = std::fs::remove_dir_all(&folder);
}

/// A file in the scenario folder that never ends (a link to `/dev/zero`) is read only up to
/// the size limit and reported, not read until memory runs out.
#[cfg(unix)]
#[test]
fn a_link_to_an_endless_file_is_refused_at_the_size_limit() {
    let folder = std::env::temp_dir().join(format!("rapport-endless-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("minimal.ron"), common::MINIMAL).unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("endless.ron")).unwrap();
    let mut app = game(&folder, false);
    update_until(&mut app, "both files", Duration::from_secs(60), |world| {
        library_ready(world, 2)
    });
    let library = app.world().resource::<Library>();
    let endless = library.get("endless.ron").unwrap();
    assert!(endless.broken && endless.scenario.is_none());
    assert!(
        endless.rendered.contains("larger than 16 MiB"),
        "{}",
        endless.rendered
    );
    assert!(library.get("minimal.ron").unwrap().scenario.is_some());
    drop(app);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn the_debrief_is_worked_out_off_the_main_thread_and_kept_for_the_next_play() {
    let (mut app, data) = game_with_results("debriefing");
    wait_for_billing(&mut app);
    let analysis_folder = data.join(rapport_store::ANALYSIS_FOLDER);
    let table_written = || -> Vec<std::time::SystemTime> {
        std::fs::read_dir(&analysis_folder)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok()?.metadata().ok()?.modified().ok())
            .collect()
    };
    let mut first_written = None;
    let scenario = app
        .world()
        .resource::<Library>()
        .get(BILLING)
        .unwrap()
        .scenario
        .clone()
        .unwrap();

    for seed in [21, 22] {
        start_billing(&mut app, seed);
        app.update();
        // The values are prepared while the trainee plays, and kept on disk.
        update_until(
            &mut app,
            "the prepared values",
            Duration::from_secs(10),
            |_| !table_written().is_empty(),
        );
        let mut session = Session::new(Arc::clone(&scenario), seed);
        for turn in 0..40 {
            if conversation_over(app.world()) {
                break;
            }
            assert!(turn < 39, "the conversation did not end");
            session.choose(play_turn(&mut app, 1)).unwrap();
        }
        // Closing the last card never works out the debrief in that frame: the play screen
        // says it is coming, and nothing pressed meanwhile drops the finished session.
        assert_eq!(
            app.world().resource::<ActivePlay>().phase,
            Phase::Debriefing
        );
        send(&mut app, PlayerAction::Abandon);
        update_until(&mut app, "the debrief", Duration::from_secs(10), |world| {
            *world.resource::<State<Screen>>().get() == Screen::Debrief
        });
        let finished = app.world().resource::<FinishedPlay>();
        assert_eq!(finished.seed, seed);
        assert_eq!(finished.debrief, Debrief::of(&session).unwrap());
        // One version, one start: the second play read the table the first one wrote.
        let written = table_written();
        assert_eq!(written.len(), 1);
        assert_eq!(*first_written.get_or_insert(written[0]), written[0]);
    }
    let _ = std::fs::remove_dir_all(&data);
}

/// A results server in this process on a SQLite file in `folder`, listening on `listen`
/// (port 0 for any). Returns its URL and the handle that takes it away.
fn results_server(folder: &Path, listen: &str) -> (String, rapport_server::StopHandle) {
    let database = folder.join("server.sqlite").display().to_string();
    rapport_server::migrate(&database).unwrap();
    let config = rapport_server::ServeConfig {
        database,
        scenarios: scenarios_folder(),
        listen: listen.parse().unwrap(),
        tls: None,
        connections: 2,
        xapi: Default::default(),
        lrs: None,
        model: None,
    };
    let (ready, started) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        rapport_server::serve_with(config, move |address, stop| {
            let _ = ready.send((format!("http://{address}"), stop));
        })
        .unwrap();
    });
    started.recv_timeout(Duration::from_secs(30)).unwrap()
}

/// Plays the best path at a human pace, then lets as much real time pass as the turns claim:
/// the server accepts no more claimed time than it saw pass since the session started (less
/// 2 s for the requests' travel).
fn play_best_at_the_servers_pace(app: &mut App) {
    let started = Instant::now();
    let claimed = play_best_at_a_human_pace(app);
    std::thread::sleep(
        claimed
            .saturating_sub(Duration::from_millis(1_500))
            .saturating_sub(started.elapsed()),
    );
}

/// A results server in this process with an admin, Ada, signed in: its URL, the handle that
/// stops it, and Ada's client.
fn server_with_admin(
    folder: &Path,
) -> (String, rapport_server::StopHandle, rapport_client::Server) {
    let (url, stop) = results_server(folder, "127.0.0.1:0");
    let database = folder.join("server.sqlite").display().to_string();
    assert!(rapport_server::add_admin(&database, "Ada", "admin-password-1").unwrap());
    let admin = rapport_client::Server::new(&url, None).unwrap();
    let token = admin.sign_in("Ada", "admin-password-1").unwrap().token;
    (url, stop, admin.with_token(token))
}

/// Plays the best path of the current session, each reply after 400 ms of (virtual) reading,
/// the pace a person could keep. Returns how long the turns took, as the session claims them.
fn play_best_at_a_human_pace(app: &mut App) -> Duration {
    let mut claimed = Duration::ZERO;
    let scenario = Arc::clone(app.world().resource::<ActivePlay>().session.scenario());
    for choice in rapport_core::analysis::Analysis::of(&scenario).best_choices() {
        show_replies(app);
        for _ in 0..8 {
            app.update();
        }
        let turns = app
            .world()
            .resource::<ActivePlay>()
            .session
            .transcript()
            .len();
        let position = app
            .world()
            .resource::<ActivePlay>()
            .session
            .prompt()
            .unwrap()
            .options
            .iter()
            .position(|option| *option == choice)
            .unwrap();
        send(app, PlayerAction::Reply(position));
        update_until(app, "the turn", Duration::from_secs(5), |world| {
            world.resource::<ActivePlay>().session.transcript().len() > turns
        });
        let millis = app.world().resource::<ActivePlay>().millis.last().copied();
        claimed += Duration::from_millis(u64::from(millis.unwrap_or_default()));
        for _ in 0..3 {
            if conversation_over(app.world()) {
                break;
            }
            send(app, PlayerAction::SkipLine);
            send(app, PlayerAction::Continue);
            app.update();
        }
    }
    claimed
}

/// The billing scenario, once the library has loaded it.
fn billing_loaded(app: &mut App) -> Arc<rapport_core::scenario::model::Scenario> {
    wait_for_billing(app);
    app.world()
        .resource::<Library>()
        .get(BILLING)
        .unwrap()
        .scenario
        .clone()
        .unwrap()
}

/// Signs in on the title screen's form, as a person would, and waits for the server's answer.
fn sign_in_on_the_title_screen(app: &mut App, url: &str, name: &str, password: &str) {
    app.world_mut()
        .write_message(rapport_game::SignInRequested {
            url: url.to_owned(),
            name: name.into(),
            password: password.into(),
        });
    update_until(app, "the sign-in", Duration::from_secs(20), |world| {
        world.resource::<rapport_game::ServerLink>().is_signed_in()
    });
}

#[test]
fn signed_in_the_server_scores_the_session_and_an_absent_server_finds_it_waiting() {
    use rapport_core::submission::{NewAccount, Role};
    use rapport_game::{ResultsLocation, ServerLink};
    use rapport_store::StoreLocation;

    let (mut app, data) = game_with_results("server-link");
    std::fs::create_dir_all(&data).unwrap();
    let (url, stop, admin) = server_with_admin(&data);
    admin.create_cohort("Night").unwrap();
    admin.create_team("Night", "Blue").unwrap();
    admin
        .create_account(&NewAccount {
            name: "Dana".into(),
            password: "dana-password-1".into(),
            role: Role::Trainee,
            cohort: Some("Night".into()),
            team: "Blue".into(),
        })
        .unwrap();

    // Signing in on the title screen: the account's name and team are who plays.
    wait_for_billing(&mut app);
    sign_in_on_the_title_screen(&mut app, &url, "Dana", "dana-password-1");
    assert_eq!(
        app.world().resource::<CurrentTrainee>().0,
        Trainee::new("Dana", "Blue")
    );

    // A session played signed in is scored by the server and shown with the cohort's board.
    start_billing(&mut app, 3);
    app.update();
    play_best_at_the_servers_pace(&mut app);
    update_until(
        &mut app,
        "the server's answer",
        Duration::from_secs(30),
        |world| {
            let link = world.resource::<ServerLink>();
            !link.sending && link.last_result.is_some()
        },
    );
    let link = app.world().resource::<ServerLink>();
    let result = link.last_result.clone().unwrap();
    assert!(
        result.contains("Scored by the results server: 100/100"),
        "{result}"
    );
    assert!(result.contains("cohort's board"), "{result}");
    let board = link.board.clone().unwrap();
    assert_eq!(
        (board.trainees[0].name.as_str(), board.trainees[0].best),
        ("Dana", 100)
    );
    // Signed in, the local store keeps nothing of it.
    assert!(
        rapport_store::Store::open_in(&data)
            .unwrap()
            .sessions()
            .unwrap()
            .is_empty()
    );

    // The server goes away mid-session: the session is kept and said to be waiting.
    let port = url.rsplit(':').next().unwrap().to_owned();
    start_billing(&mut app, 4);
    app.update();
    stop.stop();
    show_replies(&mut app);
    for _ in 0..8 {
        app.update();
    }
    send(&mut app, PlayerAction::Reply(0));
    app.update();
    send(&mut app, PlayerAction::Abandon);
    update_until(&mut app, "the outbox", Duration::from_secs(30), |world| {
        world.resource::<ServerLink>().waiting == 1
    });
    let result = app
        .world()
        .resource::<ServerLink>()
        .last_result
        .clone()
        .unwrap();
    assert!(
        result.contains("could not take this session now"),
        "{result}"
    );
    drop(app);

    // The server is back: the next start sends what waited, and the server has it once.
    let (url_again, _stop) = results_server(&data, &format!("127.0.0.1:{port}"));
    assert_eq!(url_again, url);
    let mut again = game(&scenarios_folder(), false);
    again.insert_resource(ResultsLocation(Some(StoreLocation::folder(data.clone()))));
    again.update();
    assert!(again.world().resource::<ServerLink>().is_signed_in());
    update_until(
        &mut again,
        "the delivery",
        Duration::from_secs(30),
        |world| world.resource::<ServerLink>().waiting == 0,
    );
    let stored = rapport_store::Store::open(&data.join("server.sqlite"))
        .unwrap()
        .sessions()
        .unwrap();
    let statuses: Vec<&str> = stored.iter().map(|s| s.status.as_str()).collect();
    let refused = data
        .join(rapport_client::outbox::FOLDER)
        .join(rapport_client::outbox::REFUSED);
    assert_eq!(
        statuses,
        ["finished", "abandoned"],
        "refused: {:?}",
        std::fs::read_dir(&refused).map(|files| files
            .filter_map(Result::ok)
            .map(|file| std::fs::read_to_string(file.path()).unwrap_or_default())
            .collect::<Vec<_>>())
    );
    drop(again);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_hot_seat_match_is_played_as_a_competition_round_scored_by_the_server() {
    use rapport_client::Server;
    use rapport_core::submission::{Competition, NewAccount, Role};
    use rapport_game::{MatchAction, MatchInProgress, MatchProblem, MatchStage, ServerLink};

    let (mut app, data) = game_with_results("competition-round");
    std::fs::create_dir_all(&data).unwrap();
    let (url, _stop, admin) = server_with_admin(&data);
    let account = |name: &str, role: Role, cohort: Option<&str>, team: &str| NewAccount {
        name: name.into(),
        password: format!("{}-password-1", name.to_lowercase()),
        role,
        cohort: cohort.map(str::to_owned),
        team: team.into(),
    };
    admin
        .create_account(&account("Tess", Role::Trainer, None, ""))
        .unwrap();
    let tess = Server::new(&url, None).unwrap();
    let tess = tess
        .clone()
        .with_token(tess.sign_in("Tess", "tess-password-1").unwrap().token);
    tess.create_cohort("Night").unwrap();
    tess.create_team("Night", "Blue").unwrap();
    tess.create_team("Night", "Red").unwrap();
    tess.create_account(&account("Dana", Role::Trainee, Some("Night"), "Blue"))
        .unwrap();
    tess.create_account(&account("Sam", Role::Trainee, Some("Night"), "Red"))
        .unwrap();
    let scenario = billing_loaded(&mut app);
    let now = rapport_core::calendar::now();
    let competition = tess
        .create_competition(&Competition {
            id: 0,
            name: "Friday cup".into(),
            cohort: "Night".into(),
            content_hashes: vec![scenario.content_hash.0.clone()],
            starts_at: now - 60,
            ends_at: now + 3600,
            teams: Vec::new(),
            assessment: true,
        })
        .unwrap();
    let plan = common::two_player_match(&scenario, BILLING, 5);

    // Not signed in as a trainer: a round cannot start.
    app.world_mut().write_message(MatchAction::CreateRound {
        plan: plan.clone(),
        competition: competition.id,
    });
    app.update();
    app.update();
    assert!(app.world().get_resource::<MatchInProgress>().is_none());
    assert!(app.world().resource::<MatchProblem>().0.is_some());

    // Tess signs in at the keyboard and runs the round; each player plays their turn.
    sign_in_on_the_title_screen(&mut app, &url, "Tess", "tess-password-1");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Match);
    app.update();
    app.world_mut().write_message(MatchAction::CreateRound {
        plan,
        competition: competition.id,
    });
    app.update();
    // No turn starts before the server has said how the round is run.
    app.world_mut().write_message(MatchAction::Ready);
    app.update();
    update_until(
        &mut app,
        "the round's rules",
        Duration::from_secs(10),
        |world| world.resource::<MatchInProgress>().assessment == Some(true),
    );
    for player in ["Dana", "Sam"] {
        app.world_mut().write_message(MatchAction::Ready);
        update_until(
            &mut app,
            "the player's turn",
            Duration::from_secs(5),
            |world| *world.resource::<State<Screen>>().get() == Screen::Play,
        );
        assert_eq!(app.world().resource::<CurrentTrainee>().name, player);
        // The competition is an assessment: no card until the turn is over.
        update_until(
            &mut app,
            "the round's rules",
            Duration::from_secs(10),
            |world| world.resource::<ActivePlay>().assessed,
        );
        play_best_at_the_servers_pace(&mut app);
        update_until(
            &mut app,
            "the scoreboard",
            Duration::from_secs(30),
            |world| {
                let link = world.resource::<ServerLink>();
                matches!(
                    world.resource::<MatchInProgress>().stage,
                    MatchStage::Scoreboard(_)
                ) && !link.sending
                    && link.last_result.is_some()
            },
        );
        let result = app
            .world()
            .resource::<ServerLink>()
            .last_result
            .clone()
            .unwrap();
        assert!(
            result.contains("Scored by the results server: 100/100"),
            "{result}"
        );
        app.world_mut().write_message(MatchAction::Continue);
        app.update();
    }
    // The competition's board has both players' turns, under their own names.
    let board = tess
        .competition_board(competition.id, &scenario.content_hash.0, false)
        .unwrap();
    let names: Vec<&str> = board
        .trainees
        .iter()
        .map(|line| line.name.as_str())
        .collect();
    assert_eq!(names, ["Dana", "Sam"]);
    drop(app);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_trainer_sees_the_cohorts_play_on_the_author_map() {
    use rapport_client::Server;
    use rapport_core::analysis::map::{best_steps, layout, overlay};
    use rapport_core::submission::{NewAccount, Role, Submission};
    use rapport_game::{CohortView, Fetched};

    let (mut app, data) = game_with_results("cohort-map");
    std::fs::create_dir_all(&data).unwrap();
    let (url, _stop, admin) = server_with_admin(&data);
    let account = |name: &str, role: Role, cohort: Option<&str>| NewAccount {
        name: name.into(),
        password: format!("{}-password-1", name.to_lowercase()),
        role,
        cohort: cohort.map(str::to_owned),
        team: if cohort.is_some() {
            "Blue".into()
        } else {
            String::new()
        },
    };
    admin
        .create_account(&account("Tess", Role::Trainer, None))
        .unwrap();
    let signed_in = |name: &str| {
        let server = Server::new(&url, None).unwrap();
        let token = server
            .sign_in(name, &format!("{}-password-1", name.to_lowercase()))
            .unwrap()
            .token;
        server.with_token(token)
    };
    let tess = signed_in("Tess");
    tess.create_cohort("Night").unwrap();
    tess.create_team("Night", "Blue").unwrap();
    tess.create_account(&account("Dana", Role::Trainee, Some("Night")))
        .unwrap();
    let scenario = billing_loaded(&mut app);
    // Dana plays the best path on her own machine, offline, and sends it later.
    let analysis = rapport_core::analysis::Analysis::of(&scenario);
    let choices = analysis.best_choices();
    let mut session = Session::new(Arc::clone(&scenario), 9);
    for choice in &choices {
        session.choose(*choice).unwrap();
    }
    let dana = signed_in("Dana");
    dana.submit(&Submission {
        uid: "7d1c3a52-4f0e-4b8e-9a51-2c3d4e5f6a7b".into(),
        scenario_id: scenario.meta.id.clone(),
        content_hash: scenario.content_hash.0.clone(),
        seed: 9,
        choices: choices.clone(),
        millis: vec![2_000; choices.len()],
        ending: session.ending().map(|ending| ending.id.clone()),
        offline: true,
        typed: Vec::new(),
        language: None,
    })
    .unwrap();

    // Tess signs in on the title screen and opens the author view on the billing call.
    sign_in_on_the_title_screen(&mut app, &url, "Tess", "tess-password-1");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Author);
    app.world_mut()
        .resource_mut::<CohortView>()
        .want(&scenario.content_hash.0);
    update_until(
        &mut app,
        "the cohort's figures",
        Duration::from_secs(20),
        |world| {
            matches!(
                world.resource::<CohortView>().current(),
                Some(Fetched::Ready(_) | Fetched::Failed(_))
            )
        },
    );
    let view = app.world().resource::<CohortView>();
    assert_eq!(view.cohorts, Some(Fetched::Ready(vec!["Night".to_owned()])));
    let Some(Fetched::Ready(figures)) = view.current() else {
        panic!("the figures did not come: {:?}", view.current());
    };
    assert_eq!(figures.sessions, 1);
    // Drawn over the map: every node of the best path reached by the one session.
    let map = layout(&scenario, None, &best_steps(&scenario, &analysis));
    let drawn = overlay(&scenario, &map, figures);
    for b in map.boxes.iter().filter(|b| b.on_best_path) {
        let index = map.boxes.iter().position(|other| other == b).unwrap();
        assert!(drawn.reach(index) >= 1.0, "{} was on Dana's path", b.id);
    }
    assert_eq!(
        drawn.taken.iter().sum::<u32>() as usize,
        choices.len(),
        "each choice followed one arrow"
    );

    // Signed out, the figures are forgotten.
    app.world_mut()
        .write_message(rapport_game::SignOutRequested);
    update_until(&mut app, "the sign-out", Duration::from_secs(20), |world| {
        world.resource::<CohortView>().cohorts.is_none()
    });
}

/// Says `text` in the play's text box and waits until the words are understood.
fn say(app: &mut App, text: &str) {
    let turns = app.world().resource::<ActivePlay>().all_turns().count();
    send(app, PlayerAction::Say(text.to_owned()));
    update_until(
        app,
        "the words understood",
        Duration::from_secs(30),
        |world| {
            world.get_resource::<ActivePlay>().is_none_or(|play| {
                play.all_turns().count() > turns
                    || matches!(play.hearing, rapport_game::Hearing::Asking(_))
            })
        },
    );
}

/// The card after a typed reply, closed; the next prompt's replies on offer.
fn close_card(app: &mut App) {
    update_until(app, "coaching", Duration::from_secs(5), |world| {
        world
            .get_resource::<ActivePlay>()
            .is_none_or(|play| matches!(play.phase, Phase::Coaching(_) | Phase::Debriefing))
    });
    send(app, PlayerAction::Continue);
    app.update();
}

/// Words the word matcher is torn about at the current prompt: halves of two replies run
/// together, tried pair by pair.
fn torn_words(play: &ActivePlay) -> Option<String> {
    use rapport_core::understand::{Understood, WordMatcher, replies_at, understand};
    let prompt = play.session.prompt()?;
    let scenario = play.session.scenario();
    let matcher = WordMatcher::for_scenario(scenario);
    let replies = replies_at(scenario.node(prompt.node), prompt.options.iter().copied());
    for a in &replies {
        for b in &replies {
            let (a_words, b_words): (Vec<&str>, Vec<&str>) = (
                a.texts[0].split_whitespace().collect(),
                b.texts[0].split_whitespace().collect(),
            );
            for cut in 1..a_words.len().min(b_words.len()) {
                let text = format!(
                    "{} {}",
                    a_words[..cut].join(" "),
                    b_words[cut.min(b_words.len())..].join(" ")
                );
                if matches!(
                    understand(&matcher, &text, &replies).1,
                    Understood::Torn { .. }
                ) {
                    return Some(text);
                }
            }
        }
    }
    None
}

/// Plays billing by typing: the first turn in the first reply's own words, the second in
/// words about nothing on offer, then each reply's own words to the end. Returns the stored
/// session.
fn play_billing_by_typing(
    name: &str,
    config: rapport_game::TypingConfig,
    expect_matcher: &str,
) -> rapport_core::record::SessionData {
    use rapport_core::record::Understanding;
    use rapport_game::Hearing;

    let (mut app, data) = game_with_results(name);
    app.insert_resource(config);
    app.insert_resource(CurrentTrainee(Trainee::new("Kim", "Green")));
    app.world_mut().resource_mut::<Settings>().typing = true;
    wait_for_billing(&mut app);
    start_billing(&mut app, 21);
    app.update();
    assert!(
        app.world().resource::<ActivePlay>().typing,
        "the setting's default"
    );

    // Tab switches to the list and back.
    send(&mut app, PlayerAction::SwitchInput);
    app.update();
    assert!(!app.world().resource::<ActivePlay>().typing);
    send(&mut app, PlayerAction::SwitchInput);
    app.update();

    show_replies(&mut app);
    let own_words = |app: &App| {
        let play = app.world().resource::<ActivePlay>();
        let choice = play.session.prompt().unwrap().options[0];
        (
            choice,
            play.session.choice_text(choice).unwrap().to_lowercase(),
        )
    };
    let (first, words) = own_words(&app);
    say(&mut app, &words);
    {
        let play = app.world().resource::<ActivePlay>();
        assert_eq!(play.session.transcript()[0].choice, first);
        let typed = play.typed[0].as_ref().expect("the words are kept");
        assert_eq!(typed.understood, Understanding::Sure);
        assert_eq!(typed.matcher, expect_matcher);
    }
    close_card(&mut app);

    // Nothing close: the customer asks what they meant, at a cost, and the node stays.
    show_replies(&mut app);
    let node = app
        .world()
        .resource::<ActivePlay>()
        .session
        .prompt()
        .unwrap()
        .node;
    say(&mut app, "purple monkey dishwasher banana");
    {
        let play = app.world().resource::<ActivePlay>();
        assert_eq!(play.session.transcript()[1].choice, Choice::Unclear);
        assert_eq!(play.session.prompt().unwrap().node, node);
    }
    close_card(&mut app);

    let mut asked = false;
    for _ in 0..40 {
        if conversation_over(app.world()) {
            break;
        }
        show_replies(&mut app);
        // Torn between two (by words): "did you mean", answered with 2, at no cost.
        let torn = (!asked && expect_matcher == "lexical")
            .then(|| torn_words(app.world().resource::<ActivePlay>()))
            .flatten();
        if let Some(text) = torn {
            say(&mut app, &text);
            let play = app.world().resource::<ActivePlay>();
            let Hearing::Asking(heard) = &play.hearing else {
                panic!("not asked: {:?}", play.hearing);
            };
            let second = heard.torn_between()[1];
            let turns = play.session.transcript().len();
            send(&mut app, PlayerAction::Meant(1));
            app.update();
            let play = app.world().resource::<ActivePlay>();
            assert_eq!(play.session.transcript()[turns].choice, second);
            assert_eq!(
                play.typed[turns].as_ref().unwrap().understood,
                Understanding::Picked
            );
            asked = true;
        } else {
            let (_, words) = own_words(&app);
            say(&mut app, &words);
        }
        close_card(&mut app);
    }
    assert!(asked || expect_matcher != "lexical", "no turn was torn");
    update_until(&mut app, "the debrief", Duration::from_secs(10), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    update_until(&mut app, "the save", Duration::from_secs(5), |world| {
        !world.resource::<rapport_game::SavesInFlight>().any()
    });
    // The debrief has the words for "Your words".
    let finished = app.world().resource::<FinishedPlay>();
    assert_eq!(finished.typed.len(), finished.debrief.turns.len());
    assert!(finished.typed.iter().all(Option::is_some));
    drop(app);
    let mut store = rapport_store::Store::open_in(&data).unwrap();
    let stored = store.sessions_since(None).unwrap().remove(0);
    let _ = std::fs::remove_dir_all(&data);
    stored
}

#[test]
fn a_session_is_played_by_typing_and_kept_with_the_words() {
    let stored = play_billing_by_typing(
        "typed-words",
        rapport_game::TypingConfig::default(),
        "lexical",
    );
    assert!(stored.typed(), "ranks on the typed boards");
    assert_eq!(stored.turns[1].choice, Choice::Unclear);
    assert_eq!(
        stored.turns[1].typed.as_ref().unwrap().text,
        "purple monkey dishwasher banana"
    );
    assert!(stored.outcome.is_some());
}

#[test]
fn with_the_model_installed_typed_words_are_understood_by_it_off_the_frame() {
    let Some(dir) = std::env::var_os("RAPPORT_MODEL_DIR").filter(|dir| !dir.is_empty()) else {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_MODEL").is_none(),
            "RAPPORT_REQUIRE_MODEL is set but RAPPORT_MODEL_DIR is not"
        );
        eprintln!("\n*** SKIPPED: the game with the model. RAPPORT_MODEL_DIR is not set\n");
        return;
    };
    let vectors = std::env::temp_dir().join(format!("rapport-game-vectors-{}", std::process::id()));
    let stored = play_billing_by_typing(
        "typed-model",
        rapport_game::TypingConfig {
            model_dir: Some(dir.into()),
            vectors_dir: Some(vectors.clone()),
        },
        rapport_model::MODEL_NAME,
    );
    assert!(stored.typed());
    assert!(
        std::fs::read_dir(&vectors).is_ok_and(|mut files| files.next().is_some()),
        "the reply vectors are cached"
    );
    let _ = std::fs::remove_dir_all(&vectors);
}

/// The game over the data folder `data`, one frame in.
fn game_in(data: &Path) -> App {
    let mut app = game(&scenarios_folder(), false);
    app.insert_resource(rapport_game::ResultsLocation(Some(
        rapport_store::StoreLocation::folder(data.to_path_buf()),
    )));
    app.update();
    app
}

#[test]
fn settings_are_kept_between_runs_and_a_damaged_file_falls_back_to_the_defaults() {
    use rapport_game::settings::{SETTINGS_FILE, Theme, TimerPace};

    let (mut app, data) = game_with_results("settings");
    app.update();
    assert_eq!(*app.world().resource::<Settings>(), Settings::default());
    {
        let mut settings = app.world_mut().resource_mut::<Settings>();
        settings.ui_scale = 1.7;
        settings.theme = Theme::HighContrast;
        settings.reduced_motion = true;
        settings.timer_pace = TimerPace::Double;
        settings.typing = true;
        settings.volume = 0.3;
        settings.muted = true;
    }
    app.update();
    let chosen = app.world().resource::<Settings>().clone();
    drop(app);
    assert!(data.join(SETTINGS_FILE).is_file());

    let again = game_in(&data);
    assert_eq!(*again.world().resource::<Settings>(), chosen);
    drop(again);

    // Out of range: brought into range. Damaged: the defaults, and the game runs.
    std::fs::write(
        data.join(SETTINGS_FILE),
        "(ui_scale: 9.0, theme: HighContrast, volume: -4.0)",
    )
    .unwrap();
    let clamped = game_in(&data);
    let settings = clamped.world().resource::<Settings>();
    assert_eq!(settings.ui_scale, 2.0);
    assert_eq!(settings.volume, 0.0);
    assert_eq!(settings.theme, Theme::HighContrast);
    drop(clamped);
    std::fs::write(data.join(SETTINGS_FILE), "not ron at all (").unwrap();
    let damaged = game_in(&data);
    assert_eq!(*damaged.world().resource::<Settings>(), Settings::default());
    let _ = std::fs::remove_dir_all(&data);
}

/// A trainee who reads Spanish: the language is kept with the settings, the billing call is
/// shown in its translation from the customer's first line to the debrief's coaching, scored
/// exactly as in English, and stored as played in Spanish.
#[test]
fn a_session_in_spanish_shows_the_translation_scores_the_same_and_is_kept_as_spanish() {
    use rapport_game::settings::Language;
    use rapport_store::Store;

    let (mut app, data) = game_with_results("spanish");
    app.insert_resource(CurrentTrainee(Trainee::new("Lucía", "Azul")));
    app.update();
    app.world_mut().resource_mut::<Settings>().language = Some(Language::Spanish);
    wait_for_billing(&mut app);
    update_until(
        &mut app,
        "the Spanish billing call",
        Duration::from_secs(5),
        |world| {
            let library = world.resource::<Library>();
            library
                .get("billing-error-callback.ron")
                .is_some_and(|entry| entry.translated.contains_key("es"))
        },
    );
    app.update();
    start_billing(&mut app, 12);
    app.update();
    {
        let play = app.world().resource::<ActivePlay>();
        assert_eq!(play.language, "es");
        let line = play.current_line().unwrap();
        assert!(line.contains("libras"), "not Spanish: {line}");
    }
    play_to_the_end(&mut app, 0);
    update_until(&mut app, "the debrief", Duration::from_secs(5), |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    update_until(&mut app, "the save", Duration::from_secs(5), |world| {
        !world.resource::<rapport_game::SavesInFlight>().any()
    });
    let spanish = app.world().resource::<FinishedPlay>().debrief.clone();
    drop(app);

    // The same choices in English score the same: a translation changes only the words.
    let (mut english, english_data) = game_with_results("spanish-control");
    wait_for_billing(&mut english);
    start_billing(&mut english, 12);
    english.update();
    play_to_the_end(&mut english, 0);
    update_until(
        &mut english,
        "the debrief",
        Duration::from_secs(5),
        |world| *world.resource::<State<Screen>>().get() == Screen::Debrief,
    );
    let control = english.world().resource::<FinishedPlay>().debrief.clone();
    assert_eq!(
        (
            spanish.score,
            spanish.customer.csat,
            spanish.customer.nps,
            &spanish.ending
        ),
        (
            control.score,
            control.customer.csat,
            control.customer.nps,
            &control.ending
        )
    );
    assert_ne!(
        spanish.ending_text, control.ending_text,
        "the ending is translated"
    );
    assert_ne!(spanish.title, control.title);
    drop(english);

    let mut store = Store::open_in(&data).unwrap();
    let stored = store.sessions_since(None).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].language, "es");
    drop(store);
    // The choice of language is kept for the next start.
    let again = game_in(&data);
    assert_eq!(
        again.world().resource::<Settings>().language,
        Some(Language::Spanish)
    );
    drop(again);
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&english_data);
}

/// The sound cues a headless game decides on, collected after every update.
#[derive(Resource, Default)]
struct Heard(Vec<rapport_game::sounds::Cue>);

fn listening(app: &mut App) {
    app.init_resource::<Heard>().add_systems(
        Last,
        |mut cues: MessageReader<rapport_game::sounds::SoundCue>, mut heard: ResMut<Heard>| {
            heard.0.extend(cues.read().map(|cue| cue.0));
        },
    );
}

fn heard(app: &App) -> Vec<rapport_game::sounds::Cue> {
    app.world().resource::<Heard>().0.clone()
}

/// Which cues a turn triggers: a call rings once as it starts and is quiet while the customer
/// talks; the ticks sound once when the wait runs low, before silence is taken; a chat chimes
/// with the first message and with every answer.
#[test]
fn a_call_rings_a_chat_chimes_and_a_wait_running_low_ticks_once() {
    use rapport_game::sounds::Cue;

    let mut app = game(&scenarios_folder(), false);
    listening(&mut app);
    wait_for_billing(&mut app);
    start_billing(&mut app, 3);
    app.update();
    app.update();
    assert_eq!(heard(&app), [Cue::Ring]);
    // The opening has a time limit: wait it out without replying.
    send(&mut app, PlayerAction::SkipLine);
    update_until(
        &mut app,
        "the wait to run low",
        Duration::from_secs(20),
        |world| world.resource::<Heard>().0.contains(&Cue::TimerLow),
    );
    assert!(
        app.world()
            .resource::<ActivePlay>()
            .session
            .transcript()
            .is_empty(),
        "the ticks come before the silence is taken"
    );
    update_until(
        &mut app,
        "silence to be taken",
        Duration::from_secs(20),
        |world| {
            !world
                .resource::<ActivePlay>()
                .session
                .transcript()
                .is_empty()
        },
    );
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(
        heard(&app),
        [Cue::Ring, Cue::TimerLow],
        "a call's answer is not chimed"
    );
    drop(app);

    let mut chat = game(&scenarios_folder(), false);
    listening(&mut chat);
    update_until(
        &mut chat,
        "the chat scenario",
        Duration::from_secs(30),
        |world| {
            world
                .resource::<Library>()
                .get("three-problems-chat.ron")
                .is_some_and(|entry| entry.scenario.is_some())
        },
    );
    send(
        &mut chat,
        PlayerAction::practice("three-problems-chat.ron", 5),
    );
    chat.update();
    chat.update();
    assert_eq!(heard(&chat), [Cue::Message]);
    play_turn(&mut chat, 0);
    let cues = heard(&chat);
    assert_eq!(cues.first(), Some(&Cue::Message));
    assert_eq!(
        cues.iter().filter(|cue| **cue == Cue::Message).count(),
        2,
        "the answer to the first reply chimes: {cues:?}"
    );
}

#[test]
fn reduced_motion_shows_the_whole_line_at_once_and_timers_run_longer_when_asked() {
    use rapport_game::settings::TimerPace;

    let mut app = game(&scenarios_folder(), false);
    app.world_mut().resource_mut::<Settings>().reduced_motion = true;
    wait_for_billing(&mut app);
    start_billing(&mut app, 3);
    app.update();
    app.update();
    assert!(
        matches!(
            app.world().resource::<ActivePlay>().phase,
            Phase::Choosing { .. }
        ),
        "no typewriter: the replies are on offer at once"
    );

    // x2: reading time and the customer's wait both twice as long; off: no clock at all.
    let session = app.world().resource::<ActivePlay>().session.clone();
    let mut settings = Settings::default();
    let standard = settings
        .silence_clock(&session)
        .expect("billing opens with a time limit");
    settings.timer_pace = TimerPace::Double;
    let double = settings.silence_clock(&session).unwrap();
    assert_eq!(double.reading, standard.reading * 2.0);
    assert_eq!(double.waiting, standard.waiting * 2.0);
    settings.timer_pace = TimerPace::Longer;
    assert_eq!(
        settings.silence_clock(&session).unwrap().waiting,
        standard.waiting * 1.5
    );
    settings.timers = false;
    assert_eq!(settings.silence_clock(&session), None);
}
