//! The analysis measures what the form of the replies gives away (length, short replies, stock
//! words), and the surface-rule bot plays by form alone.

mod common;

use std::sync::Arc;

use common::chain_scenario;
use rapport_core::analysis::Analysis;
use rapport_core::analysis::bots::{Bot, play, run_bots};
use rapport_core::analysis::cues::{BotRuns, LibraryCues, SurfaceCues, Tell, TellFlag};
use rapport_core::scenario::{Scenario, load_valid};

fn scenario(text: &str) -> Arc<Scenario> {
    Arc::new(load_valid("chain.ron", text).expect("the test scenario is valid"))
}

fn cues(scenario: &Scenario, tells: &[Tell]) -> SurfaceCues {
    let analysis = Analysis::of(scenario);
    SurfaceCues::measure(&analysis.decisions(scenario), tells)
}

const LONG_RIGHT: &str = "I can hear how much this has cost you this week, and I am sorry. Could you walk me through what happened when the parcel did not arrive?";
const SHORT_WRONG: &str = "Parcels are often late.";
const OTHER_SHORT_WRONG: &str = "Please check the tracking page.";

#[test]
fn a_best_reply_that_is_always_the_longest_is_in_the_top_two_every_time_and_warned_about() {
    let node: &[(&str, bool)] = &[
        (SHORT_WRONG, false),
        (LONG_RIGHT, true),
        (OTHER_SHORT_WRONG, false),
    ];
    let scenario = scenario(&chain_scenario("longest", &[node, node, node, node]));
    let cues = cues(&scenario, &Tell::defaults_and(&[]));
    assert_eq!(cues.decisions, 4);
    assert_eq!(cues.replies, 12);
    assert_eq!(cues.best_replies, 4);
    assert_eq!(cues.best_in_top_two_by_length, 1.0);
    // One best reply among three, two of them in the top two.
    assert!((cues.top_two_by_chance - 2.0 / 3.0).abs() < 1e-9);
    assert!(
        cues.warnings.iter().any(|w| w.contains("two longest")),
        "{:?}",
        cues.warnings
    );
    // The two wrong replies are short: a short reply is offered at every decision and never
    // best, where chance would make it best at two in three.
    assert_eq!(cues.short.decisions, 4);
    assert_eq!((cues.short.replies, cues.short.best), (8, 0));
    assert_eq!(cues.short.best_share, 0.0);
    assert!((cues.short.by_chance - 2.0 / 3.0).abs() < 1e-9);
    assert!((cues.short.share_of_replies - 8.0 / 12.0).abs() < 1e-9);
    assert!(
        cues.warnings.iter().any(|w| w.contains("short reply")),
        "{:?}",
        cues.warnings
    );
}

/// Four replies: the best one is the shortest, outside the top two by length.
const SHORTEST_BEST: &[(&str, bool)] = &[
    (LONG_RIGHT, false),
    (
        "I know the parcel is late and I can see it is still at the depot since Monday.",
        false,
    ),
    (
        "Can you bear with me a moment while I look up where it is?",
        false,
    ),
    ("Where is it now?", true),
];

#[test]
fn a_short_best_reply_gives_no_length_or_short_reply_warning() {
    let scenario = scenario(&chain_scenario("shortest", &[SHORTEST_BEST; 3]));
    let cues = cues(&scenario, &Tell::defaults_and(&[]));
    assert_eq!(cues.decisions, 3);
    assert_eq!(cues.best_in_top_two_by_length, 0.0);
    assert!((cues.top_two_by_chance - 0.5).abs() < 1e-9);
    assert_eq!(cues.short.best_share, 1.0);
    assert!(
        !cues
            .warnings
            .iter()
            .any(|w| w.contains("two longest") || w.contains("short reply")),
        "{:?}",
        cues.warnings
    );
}

#[test]
fn a_tell_no_best_reply_contains_is_flagged_once_five_replies_contain_it() {
    let with_tell: &[(&str, bool)] = &[
        (
            "Unfortunately that is how the courier works, and I cannot change it.",
            false,
        ),
        (
            "Could you tell me which day the parcel was promised for?",
            true,
        ),
        (
            "It should turn up by Friday at the latest, most of them do.",
            false,
        ),
    ];
    let four = scenario(&chain_scenario("four", &[with_tell; 4]));
    let five = scenario(&chain_scenario("five", &[with_tell; 5]));
    let tells = Tell::defaults_and(&["courier".to_owned(), "Friday|Monday".to_owned()]);

    let unfortunately = |cues: &SurfaceCues| {
        cues.tells
            .iter()
            .find(|tell| tell.tell == "unfortunately")
            .cloned()
            .expect("a default tell")
    };
    let below = cues(&four, &tells);
    assert_eq!(unfortunately(&below).replies, 4);
    assert_eq!(unfortunately(&below).flagged, None);

    let flagged = cues(&five, &tells);
    let tell = unfortunately(&flagged);
    assert_eq!((tell.replies, tell.best), (5, 0));
    assert_eq!(tell.flagged, Some(TellFlag::NeverBest));
    assert!(
        flagged
            .warnings
            .iter()
            .any(|w| w.contains("\"unfortunately\" is never best (0 of 5 replies)")),
        "{:?}",
        flagged.warnings
    );
    // An author's own tells are counted the same way; either spelling of one counts.
    let friday = flagged
        .tells
        .iter()
        .find(|t| t.tell == "Friday|Monday")
        .unwrap();
    assert_eq!(
        (friday.replies, friday.flagged),
        (5, Some(TellFlag::NeverBest))
    );
    // "?" is in every best reply and no other: always best.
    let question = flagged.tells.iter().find(|t| t.tell == "?").unwrap();
    assert_eq!((question.replies, question.best), (5, 5));
    assert_eq!(question.flagged, Some(TellFlag::AlwaysBest));
}

/// Replies whose best one is short and exclaims, beside long, calm questions.
const FORM_TRAP: &[(&str, bool)] = &[
    ("Right away!", true),
    (
        "Before I change anything, could you tell me which of the two orders on your account this is about, so I fix the right one?",
        false,
    ),
    (
        "Could you read me the reference on the email you received, so that I can look at exactly the same thing you are looking at?",
        false,
    ),
];

/// The same texts, but the longest question is best.
const FORM_REWARDED: &[(&str, bool)] = &[
    ("Right away!", false),
    (
        "Before I change anything, could you tell me which of the two orders on your account this is about, so I fix the right one?",
        false,
    ),
    (
        "Could you read me the reference on the email you received, so that I can look at exactly the same thing you are looking at?",
        true,
    ),
];

#[test]
fn the_surface_bot_picks_by_form_and_misses_a_short_exclaiming_best_reply() {
    let trap = scenario(&chain_scenario("trap", &[FORM_TRAP; 3]));
    let trap_analysis = Analysis::of(&trap);
    let rewarded = scenario(&chain_scenario("rewarded", &[FORM_REWARDED; 3]));
    let rewarded_analysis = Analysis::of(&rewarded);
    for seed in 0..20 {
        let (surface_on_trap, _) = play(&trap, &trap_analysis, Bot::Surface, seed).unwrap();
        let (greedy_on_trap, _) = play(&trap, &trap_analysis, Bot::Greedy, seed).unwrap();
        let (surface_rewarded, _) =
            play(&rewarded, &rewarded_analysis, Bot::Surface, seed).unwrap();
        // The greedy bot reads the meters and finds the best reply; the surface bot, reading
        // only the words, never takes "Right away!" and takes the longest question instead,
        // whichever reply the meters favour.
        assert_eq!(greedy_on_trap, 100);
        assert!(surface_on_trap < 100, "seed {seed}: {surface_on_trap}");
        assert_eq!(surface_rewarded, 100, "seed {seed}");
    }
}

#[test]
fn the_surface_bot_settles_equal_forms_by_its_seed_alone() {
    // Two replies with the same form and length, one of them best.
    let tied: &[(&str, bool)] = &[
        ("Could you tell me more about order A?", true),
        ("Could you tell me more about order B?", false),
        ("No.", false),
    ];
    let scenario = scenario(&chain_scenario("tied", &[tied; 3]));
    let analysis = Analysis::of(&scenario);
    let scores: Vec<u8> = (0..40)
        .map(|seed| play(&scenario, &analysis, Bot::Surface, seed).unwrap().0)
        .collect();
    let again: Vec<u8> = (0..40)
        .map(|seed| play(&scenario, &analysis, Bot::Surface, seed).unwrap().0)
        .collect();
    assert_eq!(scores, again, "the same seed gives the same play");
    let (low, high) = (scores.iter().min().unwrap(), scores.iter().max().unwrap());
    assert!(low < high, "seeds settle the tie both ways: {scores:?}");

    let first = serde_json::to_string(&run_bots(&scenario, &analysis, 30, 5)).unwrap();
    let second = serde_json::to_string(&run_bots(&scenario, &analysis, 30, 5)).unwrap();
    assert_eq!(first, second);
}

#[test]
fn a_library_pools_its_decisions_rather_than_averaging_shares() {
    let longest_best: &[(&str, bool)] = &[
        (SHORT_WRONG, false),
        (LONG_RIGHT, true),
        (OTHER_SHORT_WRONG, false),
    ];
    let library = [
        scenario(&chain_scenario("two-long", &[longest_best; 2])),
        scenario(&chain_scenario("three-short", &[SHORTEST_BEST; 3])),
    ];
    let tells = Tell::defaults_and(&[]);
    let cues = LibraryCues::of(&library, &tells, Some(BotRuns { runs: 7, seed: 3 }));

    assert_eq!(cues.scenarios.len(), 2);
    assert_eq!(cues.scenarios[0].cues.best_in_top_two_by_length, 1.0);
    assert_eq!(cues.scenarios[1].cues.best_in_top_two_by_length, 0.0);
    assert_eq!(cues.total.decisions, 5);
    assert_eq!(cues.total.replies, 2 * 3 + 3 * 4);
    // Pooled: 2 of 5 decisions, not the mean (1.0 + 0.0) / 2 of the two scenarios' shares.
    assert!((cues.total.best_in_top_two_by_length - 2.0 / 5.0).abs() < 1e-9);
    let chance = (2.0 * (2.0 / 3.0) + 3.0 * (2.0 / 4.0)) / 5.0;
    assert!((cues.total.top_two_by_chance - chance).abs() < 1e-9);
    // The same function measures a scenario and the pool.
    let alone = self::cues(&library[1], &tells);
    assert_eq!(
        serde_json::to_value(&alone).unwrap(),
        serde_json::to_value(&cues.scenarios[1].cues).unwrap()
    );

    assert_eq!(cues.bots.len(), Bot::ALL.len());
    for (index, pooled) in cues.bots.iter().enumerate() {
        let rows: Vec<_> = cues.scenarios.iter().map(|row| &row.bots[index]).collect();
        assert!(rows.iter().all(|summary| summary.bot == pooled.bot));
        assert_eq!(pooled.runs, 14);
        assert_eq!(pooled.scenarios, 2);
        let finished: usize = rows.iter().map(|s| s.runs - s.stuck).sum();
        let sum: f64 = rows
            .iter()
            .map(|s| s.mean * (s.runs - s.stuck) as f64)
            .sum();
        assert!((pooled.mean - sum / finished as f64).abs() < 1e-9);
        let at_100 = rows.iter().filter(|s| s.max == 100).count();
        assert_eq!(pooled.scenarios_at_100, at_100);
    }
}

#[test]
fn without_bots_a_library_reports_no_bot_figures() {
    let node: &[(&str, bool)] = &[(SHORT_WRONG, false), (LONG_RIGHT, true), ("No.", false)];
    let library = [scenario(&chain_scenario("one", &[node; 2]))];
    let cues = LibraryCues::of(&library, &Tell::defaults_and(&[]), None);
    assert!(cues.bots.is_empty());
    assert!(cues.scenarios[0].bots.is_empty());
    assert_eq!(cues.total.decisions, 2);
}
