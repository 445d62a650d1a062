//! Leaderboards and histories: sums over finished sessions, computed by the database.

use std::collections::HashMap;

use rapport_core::record::SkillScore;
use rapport_core::scoring::SCORING_MODEL;

use crate::backend::Param;
use crate::sessions::skill_scores;
use crate::{Store, StoreError};

/// A row of a leaderboard: finished sessions grouped by `name` (a scenario or a trainee).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Standing {
    pub name: String,
    /// The trainee's team, for trainee rows.
    pub team: String,
    pub best: u8,
    pub average: f64,
    pub sessions: u32,
    pub best_csat: u8,
}

/// A team's standing: the average of its members' best scores per scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamStanding {
    pub team: String,
    pub average_of_bests: f64,
    pub members: u32,
    pub sessions: u32,
}

/// One session in a trainee's history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryRow {
    pub started_at: i64,
    pub scenario_id: String,
    pub status: String,
    pub score: Option<u8>,
    pub csat: Option<u8>,
    /// The scoring model its figures come from; boards rank only the current one's.
    pub scoring_model: u32,
    /// Per-skill scores (0-100) of a finished session, where the scenario trains the skill.
    pub skills: Vec<SkillScore>,
}

/// Which sessions a board ranks: replies chosen from a list, or typed in the trainee's own
/// words. Typed sessions are harder (recall, not recognition), so they rank apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Played {
    #[default]
    Chosen,
    Typed,
}

impl Played {
    pub fn label(self) -> &'static str {
        match self {
            Played::Chosen => "chosen replies",
            Played::Typed => "typed replies",
        }
    }

    fn flag(self) -> Param<'static> {
        i64::from(self == Played::Typed).into()
    }
}

/// Boards and best scores compare only sessions scored by the current model: a score from
/// an older model means something else (docs/scoring.md). History shows every session.
fn current_model() -> Param<'static> {
    i64::from(SCORING_MODEL).into()
}

impl Store {
    /// The trainee's best finished score per scenario id, under the current scoring model.
    pub fn best_scores(&mut self, trainee: &str) -> Result<HashMap<String, u8>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT scenario_id, MAX(score) FROM sessions
                 WHERE trainee = $1 AND status = 'finished' AND scoring_model = $2
                 GROUP BY scenario_id",
                &[trainee.into(), current_model()],
            )?
            .iter()
            .map(|row| Ok((row.text(0)?, row.small(1)?)))
            .collect()
        })
    }

    /// Finished sessions per scenario, optionally for one scenario and one team.
    pub fn scenario_standings(
        &mut self,
        scenario: Option<&str>,
        team: Option<&str>,
        played: Played,
    ) -> Result<Vec<Standing>, StoreError> {
        self.standings(
            "scenario_id, ''",
            "scenario_id",
            "scenario_id",
            (scenario, team),
            played,
        )
    }

    /// Finished sessions per trainee, best first, optionally for one scenario and one team.
    pub fn trainee_standings(
        &mut self,
        scenario: Option<&str>,
        team: Option<&str>,
        played: Played,
    ) -> Result<Vec<Standing>, StoreError> {
        self.standings(
            "trainee, team",
            "trainee, team",
            "MAX(score) DESC, trainee",
            (scenario, team),
            played,
        )
    }

    fn standings(
        &mut self,
        columns: &str,
        group: &str,
        order: &str,
        (scenario, team): (Option<&str>, Option<&str>),
        played: Played,
    ) -> Result<Vec<Standing>, StoreError> {
        // The SQL fragments are fixed strings from this file, never user input.
        let query = format!(
            "SELECT {columns}, MAX(score), CAST(AVG(score) AS DOUBLE PRECISION), COUNT(*), MAX(csat)
             FROM sessions
             WHERE status = 'finished' AND (CAST($1 AS TEXT) IS NULL OR scenario_id = $1)
                 AND (CAST($2 AS TEXT) IS NULL OR team = $2) AND scoring_model = $3
                 AND typed = $4
             GROUP BY {group} ORDER BY {order}"
        );
        self.read(|sql| {
            sql.query(
                &query,
                &[scenario.into(), team.into(), current_model(), played.flag()],
            )?
            .iter()
            .map(|row| {
                Ok(Standing {
                    name: row.text(0)?,
                    team: row.text(1)?,
                    best: row.small(2)?,
                    average: row.real(3)?,
                    sessions: row.small(4)?,
                    best_csat: row.small(5)?,
                })
            })
            .collect()
        })
    }

    /// Teams ranked by the average of their members' best score on each scenario played.
    pub fn team_standings(
        &mut self,
        scenario: Option<&str>,
        played: Played,
    ) -> Result<Vec<TeamStanding>, StoreError> {
        self.read(|sql| {
            sql.query(
                "WITH bests AS (
                     SELECT team, trainee, scenario_id, MAX(score) AS best, COUNT(*) AS played
                     FROM sessions
                     WHERE status = 'finished' AND (CAST($1 AS TEXT) IS NULL OR scenario_id = $1)
                         AND scoring_model = $2 AND typed = $3
                     GROUP BY team, trainee, scenario_id)
                 SELECT team, CAST(AVG(best) AS DOUBLE PRECISION), COUNT(DISTINCT trainee),
                     CAST(SUM(played) AS BIGINT)
                 FROM bests GROUP BY team ORDER BY AVG(best) DESC, team",
                &[scenario.into(), current_model(), played.flag()],
            )?
            .iter()
            .map(|row| {
                Ok(TeamStanding {
                    team: row.text(0)?,
                    average_of_bests: row.real(1)?,
                    members: row.small(2)?,
                    sessions: row.small(3)?,
                })
            })
            .collect()
        })
    }

    /// Every session of `trainee`, oldest first, abandoned ones included, with the per-skill
    /// scores of finished ones.
    pub fn history(&mut self, trainee: &str) -> Result<Vec<HistoryRow>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT started_at, scenario_id, status, score, csat, id, scoring_model
                 FROM sessions WHERE trainee = $1 ORDER BY started_at, id",
                &[trainee.into()],
            )?
            .iter()
            .map(|row| {
                let skills = skill_scores(sql, row.int(5)?)?;
                Ok(HistoryRow {
                    started_at: row.int(0)?,
                    scenario_id: row.text(1)?,
                    status: row.text(2)?,
                    score: row.opt_small(3)?,
                    csat: row.opt_small(4)?,
                    scoring_model: row.small(6)?,
                    skills,
                })
            })
            .collect()
        })
    }
}
