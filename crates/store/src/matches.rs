//! Team matches: the plan, each turn stored with its place in the match, and unfinished
//! matches to resume after a crash.

use rapport_core::calendar::now;
use rapport_core::record::SessionData;
use rapport_core::team_match::{MatchPlan, Played, TeamMatch, best_moment};

use crate::sessions::{MatchSlot, Saved, insert_session, load_sessions};
use crate::{Store, StoreError};

impl Store {
    /// Stores a new team match.
    pub fn create_match(&mut self, plan: &MatchPlan) -> Result<(), StoreError> {
        let encoded = serde_json::to_string(plan)?;
        self.write(|sql| {
            sql.execute(
                "INSERT INTO matches (uid, name, plan, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (uid) DO NOTHING",
                &[
                    plan.uid.as_str().into(),
                    plan.name.as_str().into(),
                    encoded.as_str().into(),
                    plan.created_at.into(),
                ],
            )?;
            Ok(())
        })
    }

    /// Stores one player's session as their turn on a round of a match, in one transaction
    /// (and marks the match finished when it was the last turn).
    pub fn save_match_session(
        &mut self,
        slot: &MatchSlot,
        data: &SessionData,
    ) -> Result<Saved, StoreError> {
        self.write(|sql| {
            let saved = insert_session(sql, data, Some(slot))?;
            if slot.last {
                sql.execute(
                    "UPDATE matches SET finished_at = $1 WHERE uid = $2",
                    &[data.ended_at.into(), slot.match_uid.as_str().into()],
                )?;
            }
            Ok(saved)
        })
    }

    /// A match with every turn played so far.
    pub fn load_match(&mut self, uid: &str) -> Result<Option<TeamMatch>, StoreError> {
        self.read(|sql| {
            let Some(row) = sql
                .query("SELECT plan FROM matches WHERE uid = $1", &[uid.into()])?
                .into_iter()
                .next()
            else {
                return Ok(None);
            };
            let plan: MatchPlan = serde_json::from_str(&row.text(0)?)?;
            let mut team_match = TeamMatch::new(plan);
            let sessions = load_sessions(
                sql,
                "WHERE match_uid = $1 ORDER BY match_round, match_player",
                &[uid.into()],
            )?;
            for (row, session) in sessions {
                team_match.played.push(Played {
                    round: row.small(15)?,
                    player: row.small(16)?,
                    score: session.outcome.as_ref().map(|o| o.score),
                    csat: session.outcome.as_ref().map(|o| o.csat),
                    moment: best_moment(&session.turns),
                    session_uid: session.uid,
                });
            }
            Ok(Some(team_match))
        })
    }

    /// Matches not played to the end (the newest first), to resume.
    pub fn unfinished_matches(&mut self) -> Result<Vec<TeamMatch>, StoreError> {
        let uids: Vec<String> = self.read(|sql| {
            sql.query(
                "SELECT uid FROM matches WHERE finished_at IS NULL ORDER BY created_at DESC, uid",
                &[],
            )?
            .iter()
            .map(|row| Ok(row.text(0)?))
            .collect()
        })?;
        let mut matches = Vec::new();
        for uid in uids {
            matches.extend(self.load_match(&uid)?);
        }
        Ok(matches)
    }

    /// Gives up a match: it is no longer offered to resume; its sessions stay.
    pub fn close_match(&mut self, uid: &str) -> Result<(), StoreError> {
        self.write(|sql| {
            sql.execute(
                "UPDATE matches SET finished_at = $1 WHERE uid = $2 AND finished_at IS NULL",
                &[now().into(), uid.into()],
            )?;
            Ok(())
        })
    }
}
