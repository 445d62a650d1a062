//! Sessions: each one stored with its turns and computed figures in one transaction, read
//! back whole for export, listed for the CLI.

use rapport_core::record::{SessionData, SessionOutcome, SkillScore, TurnData};
use rapport_core::scenario::format::Skill;
use rapport_core::scenario::model::ContentHash;
use rapport_core::session::SessionRecord;
use rapport_core::trainee::Trainee;

use crate::backend::{self, Row, Sql};
use crate::{Store, StoreError};

/// Whether a session was stored or was already there (same uid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    New(i64),
    AlreadyStored,
}

/// A stored session, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub id: i64,
    pub trainee: String,
    pub scenario_id: String,
    pub status: String,
    pub score: Option<u8>,
}

/// Which turn of which match a session is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MatchSlot {
    pub match_uid: String,
    pub round: usize,
    pub player: usize,
    /// The match's last turn: storing it finishes the match.
    pub last: bool,
}

const SESSION_COLUMNS: &str = "uid, trainee, team, scenario_id, content_hash, seed, choices, ending, score, csat, nps, retention, started_at, ended_at, id, match_round, match_player, scoring_model, language";

/// Stores one session and its turns with `sql` (inside the caller's transaction); a session
/// whose uid is already stored is left as it is.
pub fn insert_session(
    sql: &mut dyn Sql,
    data: &SessionData,
    slot: Option<&MatchSlot>,
) -> Result<Saved, StoreError> {
    let choices = serde_json::to_string(&data.record.choices)?;
    let outcome = data.outcome.as_ref();
    let inserted = sql.query(
        "INSERT INTO sessions (uid, trainee, team, scenario_id, content_hash, seed, choices,
             status, ending, score, csat, nps, retention, started_at, ended_at,
             match_uid, match_round, match_player, scoring_model, typed, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
             $19, $20, $21)
         ON CONFLICT (uid) DO NOTHING RETURNING id",
        &[
            data.uid.as_str().into(),
            data.trainee.name.as_str().into(),
            data.trainee.team.as_str().into(),
            data.record.scenario_id.as_str().into(),
            data.record.content_hash.0.as_str().into(),
            // Databases hold signed integers; the seed's bits are kept as they are.
            (data.record.seed as i64).into(),
            choices.as_str().into(),
            data.status().into(),
            outcome.map(|o| o.ending.as_str()).into(),
            outcome.map(|o| i64::from(o.score)).into(),
            outcome.map(|o| i64::from(o.csat)).into(),
            outcome.map(|o| i64::from(o.nps)).into(),
            outcome.map(|o| o.retention.as_str()).into(),
            data.started_at.into(),
            data.ended_at.into(),
            slot.map(|s| s.match_uid.as_str()).into(),
            slot.map(|s| s.round as i64).into(),
            slot.map(|s| s.player as i64).into(),
            i64::from(data.scoring_model).into(),
            i64::from(data.typed()).into(),
            data.language.as_str().into(),
        ],
    )?;
    let Some(row) = inserted.first() else {
        return Ok(Saved::AlreadyStored);
    };
    let id = row.int(0)?;
    // One statement for all the skills and one for all the turns: on a shared server each
    // statement is a round trip, and a session has a dozen turns.
    let skills = outcome.map_or(&[][..], |o| &o.skills[..]);
    if !skills.is_empty() {
        let names = skills
            .iter()
            .map(|skill| skill_name(skill.skill))
            .collect::<Result<Vec<_>, _>>()?;
        let mut params: Vec<backend::Param> = Vec::with_capacity(skills.len() * 3);
        for (skill, name) in skills.iter().zip(&names) {
            params.extend::<[backend::Param; 3]>([
                id.into(),
                name.as_str().into(),
                i64::from(skill.score).into(),
            ]);
        }
        sql.execute(
            &format!(
                "INSERT INTO session_skills (session_id, skill, score) VALUES {}",
                placeholders(skills.len(), 3)
            ),
            &params,
        )?;
    }
    if !data.turns.is_empty() {
        let texts = data
            .turns
            .iter()
            .map(|turn| {
                Ok((
                    [
                        serde_json::to_string(&turn.choice)?,
                        serde_json::to_string(&turn.changes)?,
                        serde_json::to_string(&turn.skills)?,
                        serde_json::to_string(&turn.pitfalls)?,
                    ],
                    turn.typed.as_ref().map(serde_json::to_string).transpose()?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut params: Vec<backend::Param> = Vec::with_capacity(data.turns.len() * 13);
        for (index, (turn, ([choice, changes, skills, pitfalls], typed))) in
            data.turns.iter().zip(&texts).enumerate()
        {
            params.extend::<[backend::Param; 13]>([
                id.into(),
                (index as i64 + 1).into(),
                turn.node.as_str().into(),
                choice.as_str().into(),
                turn.reply.as_str().into(),
                turn.millis.map(i64::from).into(),
                i64::from(turn.satisfaction).into(),
                i64::from(turn.trust).into(),
                i64::from(turn.patience).into(),
                changes.as_str().into(),
                skills.as_str().into(),
                pitfalls.as_str().into(),
                typed.as_deref().into(),
            ]);
        }
        sql.execute(
            &format!(
                "INSERT INTO turns (session_id, turn, node, choice, reply, millis,
                     satisfaction, trust, patience, changes, skills, pitfalls, typed)
                 VALUES {}",
                placeholders(data.turns.len(), 13)
            ),
            &params,
        )?;
    }
    Ok(Saved::New(id))
}

/// Sessions with their turns; `filter` is a WHERE/ORDER clause written in the caller's code
/// (never text from input: values go in `params`).
pub fn load_sessions(
    sql: &mut dyn Sql,
    filter: &str,
    params: &[backend::Param],
) -> Result<Vec<(Row, SessionData)>, StoreError> {
    let rows = sql.query(
        &format!("SELECT {SESSION_COLUMNS} FROM sessions {filter}"),
        params,
    )?;
    let mut sessions = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.int(14)?;
        let turns = sql.query(
            "SELECT node, choice, reply, millis, satisfaction, trust, patience, changes, skills, pitfalls,
                 typed
             FROM turns WHERE session_id = $1 ORDER BY turn",
            &[id.into()],
        )?;
        let skills = skill_scores(sql, id)?;
        let session = session_from_row(&row, &turns, skills)?;
        sessions.push((row, session));
    }
    Ok(sessions)
}

/// `($1, $2, ...), (...)`: `rows` groups of `columns` numbered parameters.
fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let numbers: Vec<String> = (1..=columns)
                .map(|column| format!("${}", row * columns + column))
                .collect();
            format!("({})", numbers.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The session stored under `uid`, with its turns, read with `sql`.
pub fn stored_session(sql: &mut dyn Sql, uid: &str) -> Result<Option<SessionData>, StoreError> {
    Ok(load_sessions(sql, "WHERE uid = $1", &[uid.into()])?
        .into_iter()
        .next()
        .map(|(_, session)| session))
}

impl Store {
    /// Stores one session and its turns in a transaction. A session whose uid is already
    /// stored (an import of the same export twice) is left as it is.
    pub fn save_session(&mut self, data: &SessionData) -> Result<Saved, StoreError> {
        self.write(|sql| insert_session(sql, data, None))
    }

    /// Whether a session with this uid is stored.
    pub fn has_session(&mut self, uid: &str) -> Result<bool, StoreError> {
        self.read(|sql| {
            Ok(!sql
                .query("SELECT 1 FROM sessions WHERE uid = $1", &[uid.into()])?
                .is_empty())
        })
    }

    /// The stored session with this uid, with its turns.
    pub fn session(&mut self, uid: &str) -> Result<Option<SessionData>, StoreError> {
        self.read(|sql| stored_session(sql, uid))
    }

    /// Every session started at or after `since` (unix seconds), oldest first, with turns.
    pub fn sessions_since(&mut self, since: Option<i64>) -> Result<Vec<SessionData>, StoreError> {
        self.read(|sql| {
            Ok(load_sessions(
                sql,
                "WHERE CAST($1 AS BIGINT) IS NULL OR started_at >= $1 ORDER BY started_at, id",
                &[since.into()],
            )?
            .into_iter()
            .map(|(_, session)| session)
            .collect())
        })
    }

    /// Every stored session, oldest first.
    pub fn sessions(&mut self) -> Result<Vec<StoredSession>, StoreError> {
        self.read(|sql| {
            sql.query(
                "SELECT id, trainee, scenario_id, status, score FROM sessions ORDER BY id",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(StoredSession {
                    id: row.int(0)?,
                    trainee: row.text(1)?,
                    scenario_id: row.text(2)?,
                    status: row.text(3)?,
                    score: row.opt_small(4)?,
                })
            })
            .collect()
        })
    }
}

fn session_from_row(
    row: &Row,
    turns: &[Row],
    skills: Vec<SkillScore>,
) -> Result<SessionData, StoreError> {
    let outcome = match row.opt_text(7)? {
        Some(ending) => Some(SessionOutcome {
            ending,
            score: row.small(8)?,
            csat: row.small(9)?,
            nps: row.small(10)?,
            retention: row.text(11)?,
            skills,
        }),
        None => None,
    };
    let turns = turns
        .iter()
        .map(|turn| {
            Ok(TurnData {
                node: turn.text(0)?,
                choice: serde_json::from_str(&turn.text(1)?)?,
                reply: turn.text(2)?,
                millis: turn.opt_small(3)?,
                satisfaction: turn.small(4)?,
                trust: turn.small(5)?,
                patience: turn.small(6)?,
                changes: serde_json::from_str(&turn.text(7)?)?,
                skills: serde_json::from_str(&turn.text(8)?)?,
                pitfalls: serde_json::from_str(&turn.text(9)?)?,
                typed: turn
                    .opt_text(10)?
                    .map(|typed| serde_json::from_str(&typed))
                    .transpose()?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(SessionData {
        uid: row.text(0)?,
        trainee: Trainee::new(row.text(1)?, row.text(2)?),
        record: SessionRecord {
            scenario_id: row.text(3)?,
            content_hash: ContentHash(row.text(4)?),
            seed: row.int(5)? as u64,
            choices: serde_json::from_str(&row.text(6)?)?,
        },
        outcome,
        // Only Rapport writes this column; a value no model has reads as an unknown model.
        scoring_model: u32::try_from(row.int(17)?).unwrap_or(u32::MAX),
        turns,
        started_at: row.int(12)?,
        ended_at: row.int(13)?,
        language: row.text(18)?,
    })
}

/// How a skill is written in the `session_skills` table: its name in the scenario format.
pub(crate) fn skill_name(skill: Skill) -> Result<String, StoreError> {
    match serde_json::to_value(skill)? {
        serde_json::Value::String(name) => Ok(name),
        other => Ok(other.to_string()),
    }
}

/// The per-skill scores stored for session `id`, in skill order.
pub(crate) fn skill_scores(sql: &mut dyn Sql, id: i64) -> Result<Vec<SkillScore>, StoreError> {
    let rows = sql.query(
        "SELECT skill, score FROM session_skills WHERE session_id = $1",
        &[id.into()],
    )?;
    let mut skills = rows
        .iter()
        .map(|row| {
            Ok(SkillScore {
                skill: serde_json::from_value(serde_json::Value::String(row.text(0)?))?,
                score: row.small(1)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    skills.sort_by_key(|score| score.skill);
    Ok(skills)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::record::new_uid;
    use rapport_core::scenario::model::ContentHash;
    use rapport_core::session::Choice;

    fn record() -> SessionRecord {
        SessionRecord {
            scenario_id: "demo".into(),
            content_hash: ContentHash("abc".into()),
            seed: u64::MAX,
            choices: vec![Choice::Response(1), Choice::Silence],
        }
    }

    fn abandoned() -> SessionData {
        SessionData {
            uid: new_uid(),
            trainee: Trainee::new("Dana", "Blue"),
            record: record(),
            outcome: None,
            scoring_model: rapport_core::scoring::SCORING_MODEL,
            turns: Vec::new(),
            started_at: 10,
            ended_at: 20,
            language: "es".into(),
        }
    }

    #[test]
    fn abandoned_sessions_are_kept_but_never_count_as_finished() {
        let mut store = Store::in_memory().unwrap();
        let data = abandoned();
        assert!(matches!(store.save_session(&data).unwrap(), Saved::New(_)));
        assert_eq!(
            store.save_session(&data).unwrap(),
            Saved::AlreadyStored,
            "the same uid is stored once"
        );
        let sessions = store.sessions().unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].status, "abandoned");
        assert_eq!(sessions[0].score, None);
        assert!(store.best_scores("Dana").unwrap().is_empty());
    }
}
