//! The value table a debrief reads (in memory or from the disk cache) answers exactly as the
//! analysis it was made from, survives the disk, and is never trusted when damaged.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use rapport_core::analysis::Analysis;
use rapport_core::analysis::cache::{AnalysisCache, Source};
use rapport_core::analysis::table::{Outlook, ValueTable};
use rapport_core::debrief::Debrief;
use rapport_core::scenario::{Scenario, load_file};
use rapport_core::session::{Session, start_state};

struct Tabled {
    scenario: Arc<Scenario>,
    analysis: Analysis,
    table: ValueTable,
}

static SHIPPED: std::sync::LazyLock<Vec<Tabled>> = std::sync::LazyLock::new(|| {
    common::shipped_scenarios()
        .iter()
        .map(|path| {
            let scenario = Arc::new(load_file(path).scenario.expect("shipped is valid"));
            let analysis = Analysis::of(&scenario);
            let table =
                ValueTable::of(&scenario, &analysis).expect("shipped scenarios analyse exactly");
            Tabled {
                scenario,
                analysis,
                table,
            }
        })
        .collect()
});

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("rapport-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    folder
}

/// Plays `picks` (each modulo the options on offer) to the end.
fn play(scenario: &Arc<Scenario>, seed: u64, picks: &[usize]) -> Session {
    let mut session = Session::new(Arc::clone(scenario), seed);
    let mut picks = picks.iter().cycle();
    while let Some(prompt) = session.prompt() {
        let options = prompt.choices();
        let pick = picks.next().copied().unwrap_or(0) % options.len();
        session.choose(options[pick]).unwrap();
    }
    session
}

#[test]
fn a_table_survives_bytes_and_answers_like_its_analysis() {
    for tabled in SHIPPED.iter() {
        let read = ValueTable::from_bytes(&tabled.table.to_bytes()).expect("reads back");
        assert_eq!(read, tabled.table, "{}", tabled.scenario.meta.id);
        assert_eq!(read.best_value(), tabled.analysis.best_value());
        assert_eq!(read.best_path_points(), tabled.analysis.best_path_points());
        // The initial state and every state one or two moves on, valued or not.
        let scenario = &tabled.scenario;
        let mut states = vec![start_state(scenario)];
        for _ in 0..2 {
            let next: Vec<_> = states
                .iter()
                .flat_map(|state| {
                    rapport_core::session::offered(scenario, state)
                        .into_iter()
                        .filter_map(|choice| {
                            rapport_core::session::step(scenario, state, choice).ok()
                        })
                        .map(|moved| moved.state)
                })
                .collect();
            states.extend(next);
        }
        for state in &states {
            assert_eq!(
                read.best_after(state),
                tabled.analysis.value_range(state).map(|(best, _)| best),
                "{}: {state:?}",
                scenario.meta.id
            );
        }
    }
}

#[test]
fn the_largest_shipped_table_is_small_enough_to_keep() {
    let largest = SHIPPED
        .iter()
        .max_by_key(|tabled| tabled.analysis.state_count())
        .unwrap();
    let bytes = largest.table.to_bytes().len();
    // About 770,000 states (late-delivery-event) in 8 bytes or less each, plus the header
    // (scenario hash, start state, per-turn index).
    assert!(
        bytes <= 8 * largest.analysis.state_count() + 64 * 1024,
        "{bytes} bytes for {} states",
        largest.analysis.state_count()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A debrief from the table is the debrief from the analysis, whatever was played.
    #[test]
    fn a_debrief_from_the_table_is_the_debrief_from_the_analysis(
        seed in 0u64..1000,
        picks in proptest::collection::vec(0usize..8, 1..24),
    ) {
        for tabled in SHIPPED.iter() {
            let session = play(&tabled.scenario, seed, &picks);
            let from_table = Debrief::with_outlook(&session, &tabled.table).unwrap();
            let from_analysis = Debrief::with_outlook(&session, &tabled.analysis).unwrap();
            prop_assert_eq!(from_table, from_analysis);
        }
    }

    /// Bytes from anywhere (a damaged file, another program's) are refused, never misread
    /// and never a panic.
    #[test]
    fn damaged_bytes_are_refused(flip in any::<usize>(), cut in any::<usize>(), junk in proptest::collection::vec(any::<u8>(), 0..200)) {
        let table = &SHIPPED[0].table;
        let mut bytes = table.to_bytes();
        let at = flip % bytes.len();
        bytes[at] ^= 0x40;
        prop_assert!(ValueTable::from_bytes(&bytes).is_none());
        let whole = table.to_bytes();
        prop_assert!(ValueTable::from_bytes(&whole[..cut % whole.len()]).is_none());
        prop_assert!(ValueTable::from_bytes(&junk).is_none());
    }
}

#[test]
fn the_second_debrief_of_a_version_reads_the_cache() {
    let folder = scratch("second");
    let cache = AnalysisCache::in_folder(&folder);
    let tabled = &SHIPPED[0];
    let initial = start_state(&tabled.scenario);
    let (_, first) = cache.table_for(&tabled.scenario, initial).unwrap();
    let (table, second) = cache.table_for(&tabled.scenario, initial).unwrap();
    assert_eq!((first, second), (Source::Computed, Source::Cache));
    assert_eq!(table, tabled.table);
    let session = play(&tabled.scenario, 7, &[1, 0, 2]);
    assert_eq!(
        Debrief::using_cache(&session, &cache).unwrap(),
        Debrief::of(&session).unwrap()
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_damaged_cache_file_is_analysed_again_and_replaced() {
    let folder = scratch("damaged");
    let cache = AnalysisCache::in_folder(&folder);
    let tabled = &SHIPPED[0];
    let initial = start_state(&tabled.scenario);
    cache.table_for(&tabled.scenario, initial).unwrap();
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let (table, source) = cache.table_for(&tabled.scenario, initial).unwrap();
    assert_eq!(source, Source::Computed);
    assert_eq!(table, tabled.table);
    assert!(
        cache.load(&tabled.scenario, &initial).is_some(),
        "rewritten"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn another_version_or_another_start_never_reads_a_table() {
    let folder = scratch("versions");
    let cache = AnalysisCache::in_folder(&folder);
    let tabled = &SHIPPED[0];
    let initial = start_state(&tabled.scenario);
    cache.table_for(&tabled.scenario, initial).unwrap();
    let mut moved = initial;
    moved.meters.patience = moved.meters.patience.saturating_sub(1);
    assert!(cache.load(&tabled.scenario, &moved).is_none());
    let mut edited = (*tabled.scenario).clone();
    edited.content_hash = rapport_core::scenario::model::ContentHash::of(b"another version");
    assert!(cache.load(&edited, &initial).is_none());
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_cache_that_cannot_be_written_still_debriefs() {
    // A file where the folder should be: nothing can be stored, every debrief analyses.
    let blocker = scratch("blocked");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let cache = AnalysisCache::in_folder(&blocker);
    let tabled = &SHIPPED[0];
    let (_, source) = cache
        .table_for(&tabled.scenario, start_state(&tabled.scenario))
        .unwrap();
    assert_eq!(source, Source::Computed);
    let session = play(&tabled.scenario, 3, &[0]);
    assert_eq!(
        Debrief::using_cache(&session, &cache).unwrap(),
        Debrief::of(&session).unwrap()
    );
    let _ = std::fs::remove_file(&blocker);
}

/// A scenario where every path loses value (the only reply gives away twice the customer's
/// year) and one ending takes longer to reach than the other.
const COSTLY: &str = r#"ScenarioFile(
    format_version: 1,
    id: "test-costly",
    title: "Test: every path costs",
    summary: "Nothing is worth it.",
    difficulty: 1,
    channel: Email,
    skills: [Ownership],
    estimated_minutes: 1,
    customer: CustomerSpec(name: "Bo", situation: "Bo wants money.", satisfaction: 0, trust: 0, patience: 50),
    customer_value: ValueSpec(per_year: 100, currency: "EUR"),
    start: "ask",
    walkout: "gone",
    nodes: [
        NodeSpec(id: "ask", says: ["Pay me."], responses: [
            ResponseSpec(text: "Here is double.", skills: [Ownership], cost: 200, coaching: "Too much.", next: "again"),
        ]),
        NodeSpec(id: "again", says: ["More."], responses: [
            ResponseSpec(text: "No more.", skills: [Ownership], coaching: "Fine.", next: "gone"),
        ]),
    ],
    endings: [
        EndingSpec(id: "gone", outcome: CustomerLost, text: "Bo leaves."),
    ],
)"#;

#[test]
fn a_table_keeps_negative_values_and_the_fewest_turns_to_each_ending() {
    let scenario = rapport_core::scenario::load_valid("costly.ron", COSTLY).unwrap();
    let analysis = Analysis::of(&scenario);
    let best = analysis.best_value().unwrap();
    assert!(best < 0, "every path gives away two years: {best}");
    let table = ValueTable::of(&scenario, &analysis).unwrap();
    let read = ValueTable::from_bytes(&table.to_bytes()).expect("reads back");
    assert_eq!(read, table);
    assert_eq!(read.best_value(), Some(best));
    assert_eq!(read.fewest_turns(0), Some(2));
    assert_eq!(read.fewest_turns(0), analysis.fewest_turns(0));
    assert_eq!(read.fewest_turns(7), None);
    let mut session = Session::new(Arc::new(scenario), 1);
    while let Some(prompt) = session.prompt() {
        let choice = prompt.choices()[0];
        session.choose(choice).unwrap();
    }
    let debrief = Debrief::with_outlook(&session, &read).unwrap();
    assert_eq!(debrief.value, best);
    assert_eq!(
        debrief.score, 100,
        "the best there is, though it loses money"
    );
    assert_eq!(
        debrief.money.unwrap().line(),
        "100 EUR a year lost, and 200 EUR spent"
    );
}
