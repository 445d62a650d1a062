//! Team matches: a trainer lines up players (each with a team) and one or more scenarios;
//! every player plays every scenario with the same seed, one after the other at the same
//! keyboard (hot seat). Between turns there is a scoreboard, at the end a ranking of players
//! and teams with the best moments. This module holds the rules; the store keeps a match so it
//! can be resumed after a crash, and the game draws it.

use serde::{Deserialize, Serialize};

use crate::record::TurnData;
use crate::trainee::Trainee;

/// Most players in one match.
pub const MAX_PLAYERS: usize = 12;
/// Most scenarios (rounds) in one match.
pub const MAX_ROUNDS: usize = 12;

/// One scenario of a match, as it was when the match was set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// The file in the scenario folder.
    pub file: String,
    pub scenario_id: String,
    pub title: String,
    /// The version every player should meet (a reload mid-match is reported).
    pub content_hash: String,
}

/// A match as set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchPlan {
    /// A UUID.
    pub uid: String,
    pub name: String,
    /// Round `r` is played by everyone with seed `seed + r`.
    pub seed: u64,
    pub players: Vec<Trainee>,
    pub rounds: Vec<Round>,
    /// Unix seconds.
    pub created_at: i64,
}

/// Why a match cannot be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("a match needs at least two players")]
    TooFewPlayers,
    #[error("a match has at most {MAX_PLAYERS} players")]
    TooManyPlayers,
    #[error("pick at least one scenario")]
    NoRounds,
    #[error("a match has at most {MAX_ROUNDS} scenarios")]
    TooManyRounds,
    #[error("player {0} has no name")]
    Unnamed(usize),
    #[error("{0} is in the match twice")]
    Duplicate(String),
    #[error("give the match a name")]
    NoName,
}

impl MatchPlan {
    /// Checks the plan a trainer entered; names are trimmed.
    pub fn checked(mut self) -> Result<Self, PlanError> {
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            return Err(PlanError::NoName);
        }
        for player in &mut self.players {
            player.name = player.name.trim().to_owned();
            player.team = player.team.trim().to_owned();
        }
        if self.players.len() < 2 {
            return Err(PlanError::TooFewPlayers);
        }
        if self.players.len() > MAX_PLAYERS {
            return Err(PlanError::TooManyPlayers);
        }
        if self.rounds.is_empty() {
            return Err(PlanError::NoRounds);
        }
        if self.rounds.len() > MAX_ROUNDS {
            return Err(PlanError::TooManyRounds);
        }
        for (index, player) in self.players.iter().enumerate() {
            if player.name.is_empty() {
                return Err(PlanError::Unnamed(index + 1));
            }
            if self.players[..index]
                .iter()
                .any(|other| other.name.eq_ignore_ascii_case(&player.name))
            {
                return Err(PlanError::Duplicate(player.name.clone()));
            }
        }
        Ok(self)
    }

    /// The seed of round `round`, the same for every player.
    pub fn seed_for(&self, round: usize) -> u64 {
        self.seed.wrapping_add(round as u64)
    }
}

/// The moment of a session that did the customer the most good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// 1-based turn.
    pub turn: usize,
    pub reply: String,
    /// Satisfaction plus trust gained by it.
    pub gain: i16,
}

/// The reply with the largest satisfaction plus trust gain that showed a skill, if any.
pub fn best_moment(turns: &[TurnData]) -> Option<Moment> {
    turns
        .iter()
        .enumerate()
        .filter(|(_, turn)| !turn.skills.is_empty() && !turn.reply.is_empty())
        .map(|(index, turn)| Moment {
            turn: index + 1,
            reply: turn.reply.clone(),
            gain: turn.changes[0] + turn.changes[1],
        })
        .filter(|moment| moment.gain > 0)
        // The earliest of equal gains: the moment that turned the conversation.
        .min_by_key(|moment| (std::cmp::Reverse(moment.gain), moment.turn))
}

/// One player's result on one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Played {
    pub round: usize,
    pub player: usize,
    pub session_uid: String,
    /// `None` when the player abandoned (it counts as 0).
    pub score: Option<u8>,
    pub csat: Option<u8>,
    pub moment: Option<Moment>,
}

/// Why a result does not fit the match.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    #[error("the match is over")]
    Finished,
    #[error("it is {expected_player}'s turn on round {}, not this one", expected_round + 1)]
    OutOfTurn {
        expected_round: usize,
        expected_player: String,
    },
}

/// A match and what has been played so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMatch {
    pub plan: MatchPlan,
    pub played: Vec<Played>,
}

/// A player's place in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerStanding {
    /// 1 for the leaders; players on the same total share a rank ("1, 1, 3").
    pub rank: usize,
    pub player: usize,
    pub name: String,
    pub team: String,
    /// Sum of round scores (abandoned rounds count 0).
    pub total: u32,
    pub rounds: usize,
}

/// A team's place: the average of its players' totals, so team size does not decide.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamResult {
    pub team: String,
    pub average: f64,
    pub players: usize,
}

impl TeamMatch {
    pub fn new(plan: MatchPlan) -> Self {
        TeamMatch {
            plan,
            played: Vec::new(),
        }
    }

    /// Whose turn it is, on which round: every player plays round 1 in order, then round 2...
    pub fn next(&self) -> Option<(usize, usize)> {
        let index = self.played.len();
        let players = self.plan.players.len();
        (players > 0 && index < players * self.plan.rounds.len())
            .then(|| (index / players, index % players))
    }

    pub fn is_finished(&self) -> bool {
        self.next().is_none()
    }

    /// Turns played and turns in all.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.played.len(),
            self.plan.players.len() * self.plan.rounds.len(),
        )
    }

    /// Records the next turn's result.
    pub fn record(&mut self, played: Played) -> Result<(), MatchError> {
        let (round, player) = self.next().ok_or(MatchError::Finished)?;
        if (played.round, played.player) != (round, player) {
            return Err(MatchError::OutOfTurn {
                expected_round: round,
                expected_player: self.plan.players[player].name.clone(),
            });
        }
        self.played.push(played);
        Ok(())
    }

    /// Players ranked by total score, ties by name.
    pub fn standings(&self) -> Vec<PlayerStanding> {
        let mut standings: Vec<PlayerStanding> = self
            .plan
            .players
            .iter()
            .enumerate()
            .map(|(index, player)| {
                let theirs = self.played.iter().filter(|p| p.player == index);
                PlayerStanding {
                    rank: 0,
                    player: index,
                    name: player.name.clone(),
                    team: player.team.clone(),
                    total: theirs
                        .clone()
                        .map(|p| u32::from(p.score.unwrap_or(0)))
                        .sum(),
                    rounds: theirs.count(),
                }
            })
            .collect();
        standings.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
        let totals: Vec<u32> = standings.iter().map(|s| s.total).collect();
        for standing in &mut standings {
            standing.rank = 1 + totals.iter().filter(|t| **t > standing.total).count();
        }
        standings
    }

    /// The players sharing first place.
    pub fn leaders(&self) -> Vec<PlayerStanding> {
        self.standings()
            .into_iter()
            .filter(|standing| standing.rank == 1)
            .collect()
    }

    /// Teams ranked by the average total of their players.
    pub fn team_results(&self) -> Vec<TeamResult> {
        let standings = self.standings();
        let mut teams: Vec<TeamResult> = Vec::new();
        for standing in &standings {
            if teams.iter().any(|team| team.team == standing.team) {
                continue;
            }
            let members: Vec<&PlayerStanding> = standings
                .iter()
                .filter(|s| s.team == standing.team)
                .collect();
            teams.push(TeamResult {
                team: standing.team.clone(),
                average: members.iter().map(|s| f64::from(s.total)).sum::<f64>()
                    / members.len() as f64,
                players: members.len(),
            });
        }
        teams.sort_by(|a, b| {
            b.average
                .total_cmp(&a.average)
                .then_with(|| a.team.cmp(&b.team))
        });
        teams
    }

    /// Per round, the best score and who made it (ties: everyone on it).
    pub fn round_winners(&self) -> Vec<(usize, u8, Vec<String>)> {
        (0..self.plan.rounds.len())
            .filter_map(|round| {
                let scores: Vec<&Played> = self
                    .played
                    .iter()
                    .filter(|p| p.round == round && p.score.is_some())
                    .collect();
                let best = scores.iter().filter_map(|p| p.score).max()?;
                let names = scores
                    .iter()
                    .filter(|p| p.score == Some(best))
                    .map(|p| self.plan.players[p.player].name.clone())
                    .collect();
                Some((round, best, names))
            })
            .collect()
    }

    /// The best moments of the match, largest gain first: (player, round, moment).
    pub fn best_moments(&self, count: usize) -> Vec<(String, usize, Moment)> {
        let mut moments: Vec<(String, usize, Moment)> = self
            .played
            .iter()
            .filter_map(|p| {
                let moment = p.moment.clone()?;
                Some((self.plan.players[p.player].name.clone(), p.round, moment))
            })
            .collect();
        moments.sort_by_key(|(_, round, moment)| (std::cmp::Reverse(moment.gain), *round));
        moments.truncate(count);
        moments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(players: &[(&str, &str)], rounds: usize) -> MatchPlan {
        MatchPlan {
            uid: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            name: "Friday cup".into(),
            seed: u64::MAX,
            players: players
                .iter()
                .map(|(name, team)| Trainee {
                    name: (*name).into(),
                    team: (*team).into(),
                })
                .collect(),
            rounds: (0..rounds)
                .map(|r| Round {
                    file: format!("{r}.ron"),
                    scenario_id: format!("s{r}"),
                    title: format!("Scenario {r}"),
                    content_hash: "h".into(),
                })
                .collect(),
            created_at: 0,
        }
    }

    fn played(round: usize, player: usize, score: Option<u8>, gain: i16) -> Played {
        Played {
            round,
            player,
            session_uid: format!("{round}-{player}"),
            score,
            csat: score.map(|_| 4),
            moment: Some(Moment {
                turn: 1,
                reply: format!("reply {round}-{player}"),
                gain,
            }),
        }
    }

    #[test]
    fn plans_are_checked() {
        assert_eq!(
            plan(&[("Dana", "Blue")], 1).checked(),
            Err(PlanError::TooFewPlayers)
        );
        assert_eq!(
            plan(&[("Dana", "Blue"), ("Ali", "Red")], 0).checked(),
            Err(PlanError::NoRounds)
        );
        assert_eq!(
            plan(&[("Dana", "Blue"), (" dana ", "Red")], 1).checked(),
            Err(PlanError::Duplicate("dana".into()))
        );
        assert_eq!(
            plan(&[("Dana", "Blue"), ("  ", "Red")], 1).checked(),
            Err(PlanError::Unnamed(2))
        );
        let ok = plan(&[(" Dana ", "Blue"), ("Ali", " Red ")], 2)
            .checked()
            .unwrap();
        assert_eq!(ok.players[0].name, "Dana");
        assert_eq!(ok.players[1].team, "Red");
        assert_eq!(ok.seed_for(0), u64::MAX);
        assert_eq!(ok.seed_for(1), 0, "seeds wrap rather than overflow");
    }

    #[test]
    fn everyone_plays_each_round_in_order_and_results_must_come_in_turn() {
        let mut game = TeamMatch::new(plan(&[("Dana", "Blue"), ("Ali", "Red")], 2));
        assert_eq!(game.next(), Some((0, 0)));
        assert_eq!(
            game.record(played(0, 1, Some(50), 5)),
            Err(MatchError::OutOfTurn {
                expected_round: 0,
                expected_player: "Dana".into()
            })
        );
        game.record(played(0, 0, Some(80), 10)).unwrap();
        assert_eq!(game.next(), Some((0, 1)));
        game.record(played(0, 1, None, 0)).unwrap();
        assert_eq!(game.next(), Some((1, 0)));
        game.record(played(1, 0, Some(40), 3)).unwrap();
        game.record(played(1, 1, Some(90), 30)).unwrap();
        assert!(game.is_finished());
        assert_eq!(game.progress(), (4, 4));
        assert_eq!(
            game.record(played(0, 0, Some(1), 1)),
            Err(MatchError::Finished)
        );

        let standings = game.standings();
        assert_eq!(
            standings
                .iter()
                .map(|s| (s.name.as_str(), s.total))
                .collect::<Vec<_>>(),
            [("Dana", 120), ("Ali", 90)],
            "an abandoned round counts 0"
        );
        assert_eq!(standings[1].rank, 2);
        assert_eq!(game.leaders().len(), 1);
        let teams = game.team_results();
        assert_eq!(teams[0].team, "Blue");
        assert_eq!(
            game.round_winners(),
            [
                (0, 80, vec!["Dana".to_owned()]),
                (1, 90, vec!["Ali".to_owned()])
            ]
        );
        let moments = game.best_moments(2);
        assert_eq!(moments[0].0, "Ali");
        assert_eq!(moments[0].2.gain, 30);
        assert_eq!(moments[1].2.gain, 10);
    }

    #[test]
    fn teams_are_ranked_by_their_players_average() {
        let mut game = TeamMatch::new(plan(
            &[("A", "Big"), ("B", "Big"), ("C", "Big"), ("D", "Small")],
            1,
        ));
        for (player, score) in [(0, 60), (1, 60), (2, 60), (3, 70)] {
            game.record(played(0, player, Some(score), 1)).unwrap();
        }
        let teams = game.team_results();
        assert_eq!(
            teams[0].team, "Small",
            "three players do not outweigh one better one"
        );
        assert_eq!(teams[1].players, 3);
    }

    #[test]
    fn the_best_moment_is_the_largest_skilled_gain() {
        let turn = |skills: bool, satisfaction: i16, trust: i16, reply: &str| TurnData {
            node: "n".into(),
            choice: crate::session::Choice::Response(0),
            reply: reply.into(),
            millis: None,
            satisfaction: 50,
            trust: 50,
            patience: 50,
            changes: [satisfaction, trust, 0],
            skills: if skills {
                vec![crate::scenario::format::Skill::Empathy]
            } else {
                Vec::new()
            },
            pitfalls: Vec::new(),
            typed: None,
        };
        let turns = [
            turn(true, 5, 5, "small"),
            turn(false, 30, 30, "lucky, no skill"),
            turn(true, 15, 10, "the one"),
            turn(true, 20, 5, "as good, later"),
        ];
        let moment = best_moment(&turns).unwrap();
        assert_eq!(
            (moment.turn, moment.reply.as_str(), moment.gain),
            (3, "the one", 25)
        );
        assert_eq!(best_moment(&[turn(true, -5, 0, "bad")]), None);
    }
}
