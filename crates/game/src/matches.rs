//! Team matches in the game: hot seat, one player after the other on the same scenario and
//! seed. Each turn goes handover (the next player takes the keyboard; nothing of the previous
//! player's conversation is on screen) -> play -> scoreboard, and the match ends on a final
//! ranking. Every turn is stored as it ends, so a match survives a crash and is resumed from
//! the next player's turn.

use bevy::prelude::*;

use rapport_core::submission::Role;
use rapport_core::team_match::{
    MAX_PLAYERS, MAX_ROUNDS, MatchError, MatchPlan, PlanError, Played, TeamMatch, best_moment,
};
use rapport_core::trainee::Trainee;
use rapport_store::MatchSlot;

use crate::library::Library;
use crate::play::{PlayOrigin, PlayerAction, SessionEnded};
use crate::results::{Results, SavesInFlight, SessionSaved};
use crate::settings::Locale;
use crate::ui::words::{Tr, Words};
use crate::{CurrentTrainee, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_message::<MatchAction>()
        .init_resource::<UnfinishedMatches>()
        .init_resource::<MatchProblem>()
        .add_systems(OnEnter(Screen::Match), list_unfinished_matches)
        .add_systems(
            Update,
            (
                apply_match_actions,
                hold_coaching_in_assessed_rounds,
                record_match_turns,
                count_saved_turns,
            )
                .chain(),
        );
}

/// Where a match stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchStage {
    /// Waiting for the next player to take the keyboard.
    Handover,
    /// `player` is playing `round`.
    Playing { round: usize, player: usize },
    /// A turn just ended: the standings so far.
    Scoreboard(Box<Played>),
    /// Every turn is played: the ranking.
    Final,
}

/// The match being played.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct MatchInProgress {
    pub team_match: TeamMatch,
    pub stage: MatchStage,
    /// Something the players should know (a scenario changed since the match began).
    pub notice: Option<String>,
    /// The turn that just ended, counted once its save is safe (in the store or the outbox).
    pub saving: Option<Played>,
    /// Who was playing before the match, back at the keyboard when it is left.
    pub host: Trainee,
    /// The competition the match is a round of: each turn is started and sent to the results
    /// server by the trainer at the keyboard, for the player, and scored there.
    pub competition: Option<i64>,
    /// Whether every coaching card waits for the end of the turn (the competition is an
    /// assessment); `None` until the results server has said, and no turn starts before.
    pub assessment: Option<bool>,
}

/// Matches that can be resumed, read when the match screen opens.
#[derive(Resource, Debug, Clone, Default)]
pub struct UnfinishedMatches(pub Vec<TeamMatch>);

/// What the match screen (or a test) asks for.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub enum MatchAction {
    /// Set up a new match (checked first).
    Create(MatchPlan),
    /// Set up a new match as a round of a competition on the results server the trainer at
    /// the keyboard is signed in to; the players are trainees of the competition's cohort,
    /// named as their accounts are.
    CreateRound { plan: MatchPlan, competition: i64 },
    /// Carry on with a stored match from its next turn.
    Resume(String),
    /// The next player is at the keyboard: start their turn.
    Ready,
    /// Leave the scoreboard for the next handover (or the final ranking).
    Continue,
    /// Back to the title; an unfinished match can be resumed later.
    Leave,
    /// Give up a stored match for good.
    Discard(String),
}

fn list_unfinished_matches(results: Res<Results>, mut unfinished: ResMut<UnfinishedMatches>) {
    unfinished.0 = results
        .with_store(|store| store.unfinished_matches())
        .unwrap_or_default();
}

/// Checks `plan` and starts it, or says why it cannot start (in `words`' language).
fn start_match(
    commands: &mut Commands,
    results: &Results,
    trainee: &CurrentTrainee,
    plan: &MatchPlan,
    competition: Option<i64>,
    words: &Words,
) {
    match plan.clone().checked() {
        Ok(plan) => {
            results.with_store(|store| store.create_match(&plan));
            commands.insert_resource(MatchProblem(None));
            commands.insert_resource(MatchInProgress {
                team_match: TeamMatch::new(plan),
                stage: MatchStage::Handover,
                notice: None,
                saving: None,
                host: trainee.0.clone(),
                competition,
                // A plain match follows the trainee's own setting; a round, the competition's.
                assessment: competition.is_none().then_some(false),
            });
        }
        Err(problem) => commands.insert_resource(MatchProblem(Some(plan_problem(&problem, words)))),
    }
}

/// Why a plan cannot start, in words.
fn plan_problem(problem: &PlanError, words: &Words) -> String {
    match problem {
        PlanError::TooFewPlayers => words.t("match-too-few-players"),
        PlanError::TooManyPlayers => {
            words.t_with("match-too-many-players", &[("count", MAX_PLAYERS.into())])
        }
        PlanError::NoRounds => words.t("match-no-rounds"),
        PlanError::TooManyRounds => {
            words.t_with("match-too-many-rounds", &[("count", MAX_ROUNDS.into())])
        }
        PlanError::Unnamed(number) => {
            words.t_with("match-unnamed-player", &[("number", (*number).into())])
        }
        PlanError::Duplicate(name) => {
            words.t_with("match-duplicate-player", &[("name", name.into())])
        }
        PlanError::NoName => words.t("match-no-name"),
    }
}

/// Why a turn cannot be recorded, in words.
fn match_error(error: MatchError, words: &Words) -> String {
    match error {
        MatchError::Finished => words.t("match-error-finished"),
        MatchError::OutOfTurn {
            expected_round,
            expected_player,
        } => words.t_with(
            "match-error-out-of-turn",
            &[
                ("player", expected_player.into()),
                ("round", (expected_round + 1).into()),
            ],
        ),
    }
}

/// Why a match could not start, shown on the setup screen.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchProblem(pub Option<String>);

#[allow(
    clippy::too_many_arguments,
    reason = "the match flow touches the trainee, the store, the library and the play loop"
)]
fn apply_match_actions(
    mut commands: Commands,
    mut actions: MessageReader<MatchAction>,
    mut in_progress: Option<ResMut<MatchInProgress>>,
    mut unfinished: ResMut<UnfinishedMatches>,
    mut trainee: ResMut<CurrentTrainee>,
    mut play: MessageWriter<PlayerAction>,
    mut next_screen: ResMut<NextState<Screen>>,
    library: Res<Library>,
    results: Res<Results>,
    link: Option<Res<crate::ServerLink>>,
    locale: Res<Locale>,
) {
    for action in actions.read() {
        match action {
            MatchAction::Create(plan) => {
                start_match(&mut commands, &results, &trainee, plan, None, &locale);
            }
            MatchAction::CreateRound { plan, competition } => {
                let trainer = link.as_ref().is_some_and(|link| {
                    link.credentials
                        .as_ref()
                        .is_some_and(|signed| signed.role != Role::Trainee)
                });
                if trainer {
                    let competition = Some(*competition);
                    start_match(
                        &mut commands,
                        &results,
                        &trainee,
                        plan,
                        competition,
                        &locale,
                    );
                } else {
                    commands
                        .insert_resource(MatchProblem(Some(locale.t("match-round-needs-trainer"))));
                }
            }
            MatchAction::Resume(uid) => {
                if let Some(found) = unfinished.0.iter().find(|m| m.plan.uid == *uid) {
                    commands.insert_resource(MatchInProgress {
                        team_match: found.clone(),
                        stage: if found.is_finished() {
                            MatchStage::Final
                        } else {
                            MatchStage::Handover
                        },
                        notice: None,
                        saving: None,
                        host: trainee.0.clone(),
                        // A resumed match is not sent again as a round: the local store does not
                        // keep which competition it was for.
                        competition: None,
                        assessment: Some(false),
                    });
                }
            }
            MatchAction::Discard(uid) => {
                results.with_store(|store| store.close_match(uid));
                unfinished.0.retain(|m| m.plan.uid != *uid);
            }
            MatchAction::Ready => {
                let Some(current) = in_progress.as_deref_mut() else {
                    continue;
                };
                if current.stage != MatchStage::Handover {
                    continue;
                }
                if current.assessment.is_none() {
                    current.notice = Some(locale.t("match-waiting-for-server"));
                    continue;
                }
                let Some((round, player)) = current.team_match.next() else {
                    current.stage = MatchStage::Final;
                    continue;
                };
                let plan = &current.team_match.plan;
                let scenario = &plan.rounds[round];
                let Some(loaded) = library
                    .get(&scenario.file)
                    .and_then(|entry| entry.scenario.as_ref())
                else {
                    current.notice = Some(locale.t_with(
                        "match-no-valid-version",
                        &[("file", (&scenario.file).into())],
                    ));
                    continue;
                };
                current.notice = (loaded.content_hash.0 != scenario.content_hash).then(|| {
                    locale.t_with(
                        "match-scenario-changed",
                        &[("title", (&scenario.title).into())],
                    )
                });
                let who = &plan.players[player];
                trainee.0 = who.clone();
                // Players become trainees here: on the switcher, with their own history.
                results.with_store(|store| store.remember_trainee(who));
                play.write(PlayerAction::Start {
                    file: scenario.file.clone(),
                    seed: plan.seed_for(round),
                    origin: PlayOrigin::MatchRound { round, player },
                });
                current.stage = MatchStage::Playing { round, player };
            }
            MatchAction::Continue => {
                if let Some(current) = in_progress.as_deref_mut()
                    && matches!(current.stage, MatchStage::Scoreboard(_))
                {
                    current.stage = if current.team_match.is_finished() {
                        MatchStage::Final
                    } else {
                        MatchStage::Handover
                    };
                }
            }
            MatchAction::Leave => {
                if let Some(current) = &in_progress {
                    trainee.0 = current.host.clone();
                    // The host is at the keyboard again, and is who the next start offers.
                    if !trainee.name.trim().is_empty() {
                        let host = trainee.trimmed();
                        results.with_store(|store| store.remember_trainee(&host));
                    }
                }
                commands.remove_resource::<MatchInProgress>();
                next_screen.set(Screen::Title);
            }
        }
    }
}

/// A turn of a round of an assessed competition holds every card for the end of the turn.
fn hold_coaching_in_assessed_rounds(
    play: Option<ResMut<crate::ActivePlay>>,
    in_progress: Option<Res<MatchInProgress>>,
) {
    if let (Some(mut play), Some(current)) = (play, in_progress)
        && play.is_added()
        && matches!(play.origin, PlayOrigin::MatchRound { .. })
        && current.assessment == Some(true)
    {
        play.assessed = true;
    }
}

/// Saves each match turn as it ends, with the match's slot; the turn counts once it is safe.
fn record_match_turns(
    mut ended: MessageReader<SessionEnded>,
    in_progress: Option<ResMut<MatchInProgress>>,
    results: Res<Results>,
    mut saves: ResMut<SavesInFlight>,
    trainee: Res<CurrentTrainee>,
) {
    let Some(mut current) = in_progress else {
        ended.clear();
        return;
    };
    for session in ended.read() {
        let PlayOrigin::MatchRound { round, player } = session.origin else {
            continue;
        };
        if current.stage != (MatchStage::Playing { round, player }) {
            warn!(
                "a match turn ended that this match is not playing (round {round}, player {player})"
            );
            continue;
        }
        let data = session.data(&trainee);
        let (done, all) = current.team_match.progress();
        let slot = MatchSlot {
            match_uid: current.team_match.plan.uid.clone(),
            round,
            player,
            last: done + 1 == all,
        };
        results.save(&mut saves, &data, Some(&slot), None);
        current.saving = Some(Played {
            round,
            player,
            session_uid: data.uid.clone(),
            score: data.outcome.as_ref().map(|o| o.score),
            csat: data.outcome.as_ref().map(|o| o.csat),
            moment: best_moment(&data.turns),
        });
    }
}

/// Counts a turn whose save is safe and shows the scoreboard; a turn that could not be kept
/// anywhere is not counted, and the same player plays it again.
fn count_saved_turns(
    mut saved: MessageReader<SessionSaved>,
    in_progress: Option<ResMut<MatchInProgress>>,
    locale: Res<Locale>,
) {
    let Some(mut current) = in_progress else {
        saved.clear();
        return;
    };
    for SessionSaved { uid, safe, notice } in saved.read() {
        let Some(played) = current.saving.take_if(|played| played.session_uid == *uid) else {
            continue;
        };
        current.notice = notice.clone();
        if !safe {
            let reason = notice
                .clone()
                .unwrap_or_else(|| locale.t("match-turn-not-saved"));
            current.notice =
                Some(locale.t_with("match-turn-not-counted", &[("reason", reason.into())]));
            current.stage = MatchStage::Handover;
            continue;
        }
        match current.team_match.record(played.clone()) {
            Ok(()) => current.stage = MatchStage::Scoreboard(Box::new(played)),
            Err(error) => {
                current.notice = Some(locale.t_with(
                    "match-turn-not-counted-because",
                    &[("error", match_error(error, &locale).into())],
                ));
            }
        }
    }
}
