//! The conversation engine: determinism, refusal of unoffered choices, rules, exact replay.

mod common;

use std::sync::Arc;

use rapport_core::scenario::{Scenario, load_valid};
use rapport_core::session::{Choice, ChoiceError, MoveError, ReplayError, Session};

fn minimal() -> Arc<Scenario> {
    Arc::new(load_valid("minimal.ron", common::MINIMAL).expect("the minimal scenario is valid"))
}

/// Plays by always taking the first shown reply, and returns the session.
fn play_first_replies(scenario: &Arc<Scenario>, seed: u64) -> Session {
    let mut session = Session::new(Arc::clone(scenario), seed);
    while let Some(prompt) = session.prompt() {
        let choice = prompt.options[0];
        session.choose(choice).expect("a shown reply is accepted");
    }
    session
}

#[test]
fn same_scenario_and_seed_give_the_same_session() {
    let scenario = minimal();
    for seed in 0..20 {
        let first = play_first_replies(&scenario, seed);
        let second = play_first_replies(&scenario, seed);
        assert_eq!(first.transcript(), second.transcript(), "seed {seed}");
    }
}

#[test]
fn seeds_vary_the_line_variant_and_reply_order() {
    let scenario = minimal();
    let openings: std::collections::HashSet<(String, Vec<Choice>)> = (0..40)
        .map(|seed| {
            let prompt = Session::new(Arc::clone(&scenario), seed)
                .prompt()
                .cloned()
                .unwrap();
            (prompt.line, prompt.options)
        })
        .collect();
    assert!(
        openings.len() > 3,
        "only {} distinct openings over 40 seeds",
        openings.len()
    );
}

#[test]
fn a_choice_the_node_does_not_offer_is_refused() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 1);
    assert_eq!(
        session.choose(Choice::Response(7)).unwrap_err(),
        ChoiceError::NotOffered(7)
    );
    // Move to `details`, where reply 3 needs trust of at least 60 (trust is 50 or 60 there).
    let rushed = session
        .prompt()
        .unwrap()
        .options
        .iter()
        .copied()
        .find(|c| *c == Choice::Response(1))
        .unwrap();
    session.choose(rushed).unwrap();
    let (state, prompt) = (session.state(), session.prompt().cloned());
    assert_eq!(
        session.choose(Choice::Response(2)).unwrap_err(),
        ChoiceError::NotOffered(2)
    );
    assert_eq!(
        session.choose(Choice::Silence).unwrap_err(),
        ChoiceError::NoTimeLimit
    );
    // A refused choice changes nothing: same state, same prompt, one turn in the transcript.
    assert_eq!(session.state(), state);
    assert_eq!(session.prompt().cloned(), prompt);
    assert_eq!(session.transcript().len(), 1);
}

#[test]
fn conditions_open_replies_once_they_hold() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 3);
    session.choose(Choice::Response(0)).unwrap(); // empathy: trust 50 -> 60
    assert_eq!(session.meters().trust, 60);
    assert!(
        session
            .prompt()
            .unwrap()
            .options
            .contains(&Choice::Response(2))
    );
    session.choose(Choice::Response(2)).unwrap(); // sets `checked`, loops back to details
    assert!(
        !session
            .prompt()
            .unwrap()
            .options
            .contains(&Choice::Response(2)),
        "NotFlag(checked) now fails"
    );
}

#[test]
fn silence_after_the_time_limit_costs_patience_and_moves_on() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 5);
    assert_eq!(session.prompt().unwrap().time_limit, Some(10));
    let exchange = session.choose(Choice::Silence).unwrap().clone();
    // -20 patience, half as large again for an impatient customer.
    assert_eq!(exchange.applied.patience, -30);
    assert_eq!(session.meters().patience, 10);
    assert_eq!(scenario.node(session.prompt().unwrap().node).id, "details");
}

#[test]
fn a_customer_out_of_patience_walks_out() {
    let short_fuse = common::MINIMAL.replace("patience: 40,", "patience: 20,");
    let scenario = Arc::new(load_valid("short-fuse.ron", &short_fuse).unwrap());
    let mut session = Session::new(Arc::clone(&scenario), 5);
    let exchange = session.choose(Choice::Silence).unwrap().clone(); // -30 for an impatient customer
    assert!(exchange.walked_out);
    assert_eq!(session.meters().patience, 0);
    assert_eq!(session.ending().unwrap().id, "hangs-up");
}

#[test]
fn the_rushed_flag_makes_the_customer_remember() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 9);
    session.choose(Choice::Response(1)).unwrap();
    assert_eq!(
        session.prompt().unwrap().reaction.as_deref(),
        Some("You didn't even let me finish.")
    );
    let mut calm = Session::new(Arc::clone(&scenario), 9);
    calm.choose(Choice::Response(0)).unwrap();
    assert_eq!(calm.prompt().unwrap().reaction, None);
}

#[test]
fn a_finished_session_accepts_no_more_choices() {
    let scenario = minimal();
    let mut session = play_first_replies(&scenario, 11);
    assert!(session.is_finished());
    assert_eq!(
        session.choose(Choice::Response(0)).unwrap_err(),
        ChoiceError::Finished
    );
}

#[test]
fn a_record_replays_every_line_meter_and_score_exactly() {
    let scenario = minimal();
    for seed in 0..10 {
        let original = play_first_replies(&scenario, seed);
        let record = original.record();
        let replayed = Session::replay(Arc::clone(&scenario), &record).expect("replay succeeds");
        assert_eq!(replayed.transcript(), original.transcript());
        let original_debrief = rapport_core::debrief::Debrief::of(&original).unwrap();
        let replayed_debrief = rapport_core::debrief::Debrief::of(&replayed).unwrap();
        assert_eq!(original_debrief, replayed_debrief);
        // Records survive a trip through JSON, as the store and exports will keep them.
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(
            serde_json::from_str::<rapport_core::session::SessionRecord>(&json).unwrap(),
            record
        );
    }
}

#[test]
fn a_record_from_another_version_of_the_scenario_is_refused() {
    let scenario = minimal();
    let record = play_first_replies(&scenario, 2).record();
    let edited = Arc::new(
        load_valid(
            "minimal.ron",
            &common::MINIMAL.replace("Sam hangs up.", "Sam hangs up!"),
        )
        .unwrap(),
    );
    assert!(matches!(
        Session::replay(edited, &record),
        Err(ReplayError::ScenarioChanged { .. })
    ));
    let mut forged = record.clone();
    forged.choices.insert(0, Choice::Response(8));
    assert!(matches!(
        Session::replay(Arc::clone(&scenario), &forged),
        Err(ReplayError::InvalidChoice { turn: 1, .. })
    ));
}

#[test]
fn max_turns_ends_a_conversation_that_goes_round_in_circles() {
    let looping = common::MINIMAL
        .replace(
            "walkout: \"hangs-up\",",
            "walkout: \"hangs-up\",\n    max_turns: 3,",
        )
        .replace("requires: [AtLeast(Trust, 60), NotFlag(\"checked\")],", "");
    let scenario = Arc::new(load_valid("looping.ron", &looping).unwrap());
    let mut session = Session::new(Arc::clone(&scenario), 4);
    session.choose(Choice::Response(0)).unwrap();
    session.choose(Choice::Response(2)).unwrap();
    let last = session.choose(Choice::Response(2)).unwrap().clone();
    assert!(last.walked_out);
    assert_eq!(session.ending().unwrap().id, "hangs-up");
}

#[test]
fn the_debrief_names_a_better_reply_where_one_was_missed() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 1);
    session.choose(Choice::Response(2)).unwrap(); // blame -> manager
    session.choose(Choice::Response(0)).unwrap(); // escalated
    let debrief = rapport_core::debrief::Debrief::of(&session).unwrap();
    assert_eq!(debrief.ending, "escalated");
    assert!(debrief.score < 100);
    let first = &debrief.turns[debrief.turning_points[0]];
    assert_eq!(first.number, 1);
    let better = first.better.as_ref().expect("a better reply exists");
    assert!(
        better.text.starts_with("That is frustrating"),
        "{}",
        better.text
    );
    assert!(better.gain > 0);
    assert_eq!(debrief.meters.len(), 3);
}

#[test]
fn a_session_moves_onto_a_reloaded_file_at_the_same_node_meters_and_flags() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 9);
    // Interrupting sets the `rushed` flag and leads on to `details`.
    session.choose(Choice::Response(1)).unwrap();
    let before = session.state();
    let at = session.current_node_id().unwrap().to_owned();
    // The trainer rewords the customer's opening line and saves.
    let edited = common::MINIMAL.replacen("Sam", "Samira", 1);
    assert_ne!(edited, common::MINIMAL);
    let updated = Arc::new(load_valid("minimal.ron", &edited).unwrap());
    let moved = session.moved_onto(Arc::clone(&updated)).unwrap();
    assert_eq!(moved.current_node_id(), Some(at.as_str()));
    assert_eq!(moved.meters(), before.meters);
    assert_eq!(moved.state().turn, before.turn);
    assert_eq!(
        updated.flag_list(moved.state().flags),
        scenario.flag_list(before.flags),
        "the flags set so far carry over"
    );
    assert_eq!(
        moved.prompt().unwrap().customer_line(),
        session.prompt().unwrap().customer_line(),
        "the reaction to being rushed is still there"
    );
}

#[test]
fn a_session_cannot_move_onto_a_file_without_its_node_or_after_its_end() {
    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 9);
    session.choose(Choice::Response(0)).unwrap();
    let at = session.current_node_id().unwrap().to_owned();
    let renamed = common::MINIMAL.replace(&format!("\"{at}\""), "\"renamed\"");
    let updated = Arc::new(load_valid("minimal.ron", &renamed).unwrap());
    assert_eq!(
        session.moved_onto(updated).unwrap_err(),
        MoveError::NodeGone(at)
    );
    let finished = play_first_replies(&scenario, 9);
    assert_eq!(
        finished.moved_onto(Arc::clone(&scenario)).unwrap_err(),
        MoveError::Ended
    );
}

#[test]
fn a_reply_nobody_understood_costs_patience_keeps_the_node_and_replays_exactly() {
    use rapport_core::debrief::Debrief;
    use rapport_core::scenario::format::Pitfall;
    use rapport_core::session::{UNCLEAR_LABEL, UNCLEAR_LINE};

    let scenario = minimal();
    let mut session = Session::new(Arc::clone(&scenario), 5);
    let before = session.state();
    let shown = session.prompt().unwrap().clone();
    let exchange = session.choose(Choice::Unclear).unwrap().clone();
    assert_eq!(exchange.pitfalls, vec![Pitfall::Unclear]);
    assert_eq!(exchange.reply_shown(), UNCLEAR_LABEL);
    let after = session.state();
    assert_eq!(after.at, before.at, "the conversation stays at the node");
    assert!(after.meters.patience < before.meters.patience);
    assert_eq!(after.turn, before.turn + 1);
    // The customer asks what was meant, with the same replies in the same order.
    let asked = session.prompt().unwrap();
    assert_eq!(asked.line, UNCLEAR_LINE);
    assert_eq!(asked.options, shown.options);
    // Played on, it is replayed exactly and the debrief counts the pitfall.
    while let Some(prompt) = session.prompt() {
        let choice = prompt.options[0];
        session.choose(choice).unwrap();
    }
    let replayed = Session::replay(Arc::clone(&scenario), &session.record()).unwrap();
    assert_eq!(replayed.transcript(), session.transcript());
    let debrief = Debrief::of(&session).unwrap();
    let clean = Debrief::of(&play_first_replies(&scenario, 5)).unwrap();
    assert!(debrief.score <= clean.score, "not understood never helps");
    assert!(!debrief.turning_points_measured());
    assert!(clean.turning_points_measured());
    // Never offered as a reply in a list, so no bot or analysis takes it.
    assert!(!shown.options.contains(&Choice::Unclear));
}
