//! The server's rows: accounts, cohorts, teams, tokens, sign-in failures, started sessions,
//! submissions and competitions. Plain functions over the results store's SQL interface, the
//! same on PostgreSQL and SQLite; each write is one transaction.

use rapport_core::record::SessionData;
use rapport_core::submission::{Account, BoardLine, Competition, Role, TeamLine};
use rapport_store::backend::{Param, Row, Sql};
use rapport_store::{Saved, Store, StoreError, insert_session};

/// An account as the server uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub cohort_id: Option<i64>,
    pub cohort: Option<String>,
    pub team: String,
}

impl Caller {
    pub fn account(&self) -> Account {
        Account {
            name: self.name.clone(),
            role: self.role,
            cohort: self.cohort.clone(),
            team: self.team.clone(),
        }
    }
}

const CALLER_COLUMNS: &str = "a.id, a.name, a.role, a.cohort_id, c.name, a.team FROM accounts a LEFT JOIN cohorts c ON c.id = a.cohort_id";

fn caller_from(row: &Row) -> Result<Caller, StoreError> {
    Ok(Caller {
        id: row.int(0)?,
        name: row.text(1)?,
        role: Role::from_label(&row.text(2)?).unwrap_or(Role::Trainee),
        cohort_id: row.opt_int(3)?,
        cohort: row.opt_text(4)?,
        team: row.text(5)?,
    })
}

/// The account a token digest stands for.
pub fn caller_by_token(store: &mut Store, digest: &str) -> Result<Option<Caller>, StoreError> {
    store.read(|sql| {
        sql.query(
            &format!(
                "SELECT {CALLER_COLUMNS} JOIN tokens t ON t.account_id = a.id WHERE t.digest = $1"
            ),
            &[digest.into()],
        )?
        .first()
        .map(caller_from)
        .transpose()
    })
}

/// An account by name, with its password hash.
pub fn account_by_name(
    store: &mut Store,
    name: &str,
) -> Result<Option<(Caller, String)>, StoreError> {
    store.read(|sql| {
        let rows = sql.query(
            &format!("SELECT {CALLER_COLUMNS} WHERE a.name = $1"),
            &[name.into()],
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let hash = sql.query(
            "SELECT password_hash FROM accounts WHERE name = $1",
            &[name.into()],
        )?;
        Ok(Some((
            caller_from(row)?,
            hash.first()
                .map(|r| r.text(0))
                .transpose()?
                .unwrap_or_default(),
        )))
    })
}

/// Failed sign-ins for `name` since `since_ms`.
pub fn recent_failures(
    store: &mut Store,
    name: &str,
    since_ms: i64,
) -> Result<(i64, i64), StoreError> {
    store.read(|sql| {
        let rows = sql.query(
            "SELECT COUNT(*), MIN(at_ms) FROM sign_in_failures WHERE name = $1 AND at_ms >= $2",
            &[name.into(), since_ms.into()],
        )?;
        let row = rows.first();
        Ok((
            row.map(|r| r.int(0)).transpose()?.unwrap_or(0),
            row.map(|r| r.opt_int(1))
                .transpose()?
                .flatten()
                .unwrap_or(since_ms),
        ))
    })
}

pub fn record_failure(store: &mut Store, name: &str, at_ms: i64) -> Result<(), StoreError> {
    store.write(|sql| {
        // Old failures are no evidence of anything: they are cleared as new ones come.
        sql.execute(
            "DELETE FROM sign_in_failures WHERE at_ms < $1",
            &[(at_ms - 10 * crate::auth::FAILURE_WINDOW_MS).into()],
        )?;
        sql.execute(
            "INSERT INTO sign_in_failures (name, at_ms) VALUES ($1, $2)",
            &[name.into(), at_ms.into()],
        )?;
        Ok(())
    })
}

/// Keeps a new token's digest for `account`, clearing the name's failed sign-ins.
pub fn keep_token(
    store: &mut Store,
    account: &Caller,
    digest: &str,
    now: i64,
) -> Result<(), StoreError> {
    store.write(|sql| {
        sql.execute(
            "DELETE FROM sign_in_failures WHERE name = $1",
            &[account.name.as_str().into()],
        )?;
        sql.execute(
            "INSERT INTO tokens (digest, account_id, created_at) VALUES ($1, $2, $3)",
            &[digest.into(), account.id.into(), now.into()],
        )?;
        Ok(())
    })
}

pub fn revoke_token(store: &mut Store, digest: &str) -> Result<(), StoreError> {
    store.write(|sql| {
        sql.execute("DELETE FROM tokens WHERE digest = $1", &[digest.into()])?;
        Ok(())
    })
}

/// Whether a name is taken.
fn name_taken(sql: &mut dyn Sql, table: &str, name: &str) -> Result<bool, StoreError> {
    Ok(!sql
        .query(
            &format!("SELECT 1 FROM {table} WHERE name = $1"),
            &[name.into()],
        )?
        .is_empty())
}

/// A new account; `Ok(false)` when the name is taken.
pub fn create_account(
    sql: &mut dyn Sql,
    name: &str,
    password_hash: &str,
    role: Role,
    cohort_id: Option<i64>,
    team: &str,
    now: i64,
) -> Result<bool, StoreError> {
    if name_taken(sql, "accounts", name)? {
        return Ok(false);
    }
    sql.execute(
        "INSERT INTO accounts (name, password_hash, role, cohort_id, team, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            name.into(),
            password_hash.into(),
            role.label().into(),
            cohort_id.into(),
            team.into(),
            now.into(),
        ],
    )?;
    Ok(true)
}

/// A cohort by name: its id and its trainer's account id.
pub fn cohort(sql: &mut dyn Sql, name: &str) -> Result<Option<(i64, i64)>, StoreError> {
    sql.query(
        "SELECT id, trainer_id FROM cohorts WHERE name = $1",
        &[name.into()],
    )?
    .first()
    .map(|row| Ok((row.int(0)?, row.int(1)?)))
    .transpose()
}

/// A new cohort led by `trainer_id`; `Ok(false)` when the name is taken.
pub fn create_cohort(
    sql: &mut dyn Sql,
    name: &str,
    trainer_id: i64,
    now: i64,
) -> Result<bool, StoreError> {
    if name_taken(sql, "cohorts", name)? {
        return Ok(false);
    }
    sql.execute(
        "INSERT INTO cohorts (name, trainer_id, created_at) VALUES ($1, $2, $3)",
        &[name.into(), trainer_id.into(), now.into()],
    )?;
    Ok(true)
}

pub fn team_exists(sql: &mut dyn Sql, cohort_id: i64, team: &str) -> Result<bool, StoreError> {
    Ok(!sql
        .query(
            "SELECT 1 FROM teams WHERE cohort_id = $1 AND name = $2",
            &[cohort_id.into(), team.into()],
        )?
        .is_empty())
}

pub fn create_team(sql: &mut dyn Sql, cohort_id: i64, team: &str) -> Result<bool, StoreError> {
    if team_exists(sql, cohort_id, team)? {
        return Ok(false);
    }
    sql.execute(
        "INSERT INTO teams (cohort_id, name) VALUES ($1, $2)",
        &[cohort_id.into(), team.into()],
    )?;
    Ok(true)
}

/// An account by id.
pub fn caller_by_id(store: &mut Store, id: i64) -> Result<Option<Caller>, StoreError> {
    store.read(|sql| {
        sql.query(
            &format!("SELECT {CALLER_COLUMNS} WHERE a.id = $1"),
            &[id.into()],
        )?
        .first()
        .map(caller_from)
        .transpose()
    })
}

/// A session the server started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedPlay {
    /// Whose session it is.
    pub account_id: i64,
    /// The trainer who started it for them at the trainer's keyboard, if one did.
    pub proctor_id: Option<i64>,
    pub content_hash: String,
    pub seed: u64,
    pub competition_id: Option<i64>,
    pub issued_at_ms: i64,
}

/// Records a started session; `Ok(false)` when its id is already taken.
pub fn start_play(store: &mut Store, uid: &str, play: &StartedPlay) -> Result<bool, StoreError> {
    store.autocommit(|sql| {
        let inserted = sql.execute(
            "INSERT INTO plays (uid, account_id, content_hash, seed, competition_id, issued_at_ms,
                 proctor_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (uid) DO NOTHING",
            &[
                uid.into(),
                play.account_id.into(),
                play.content_hash.as_str().into(),
                (play.seed as i64).into(),
                play.competition_id.into(),
                play.issued_at_ms.into(),
                play.proctor_id.into(),
            ],
        )?;
        Ok(inserted == 1)
    })
}

pub fn play(store: &mut Store, uid: &str) -> Result<Option<StartedPlay>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT account_id, content_hash, seed, competition_id, issued_at_ms, proctor_id
             FROM plays WHERE uid = $1",
            &[uid.into()],
        )?
        .first()
        .map(|row| {
            Ok(StartedPlay {
                account_id: row.int(0)?,
                content_hash: row.text(1)?,
                seed: row.int(2)? as u64,
                competition_id: row.opt_int(3)?,
                issued_at_ms: row.int(4)?,
                proctor_id: row.opt_int(5)?,
            })
        })
        .transpose()
    })
}

/// What is kept about a submission beside the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionRow {
    pub account_id: i64,
    pub cohort_id: Option<i64>,
    pub team: String,
    pub competition_id: Option<i64>,
    pub fingerprint: String,
    pub ranked: bool,
    pub imported: bool,
    pub received_at_ms: i64,
}

/// A stored submission: who sent it, its fingerprint, and when it was received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub account_id: i64,
    pub fingerprint: String,
    pub ranked: bool,
    pub received_at_ms: i64,
}

pub fn stored_submission(sql: &mut dyn Sql, uid: &str) -> Result<Option<Stored>, StoreError> {
    sql.query(
        "SELECT account_id, fingerprint, ranked, received_at_ms FROM submissions WHERE uid = $1",
        &[uid.into()],
    )?
    .first()
    .map(|row| {
        Ok(Stored {
            account_id: row.int(0)?,
            fingerprint: row.text(1)?,
            ranked: row.int(2)? != 0,
            received_at_ms: row.int(3)?,
        })
    })
    .transpose()
}

/// What storing a submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    New,
    /// The id was already stored by a submission: nothing was written.
    Existing(Stored),
    /// The id belongs to a session that came in some other way (an administrator's import
    /// into the same database): nothing was written.
    Foreign,
}

/// Stores a verified session and its submission in one transaction. When the id is already
/// stored, nothing is written.
pub fn store_submission(
    store: &mut Store,
    session: &SessionData,
    row: &SubmissionRow,
) -> Result<Kept, StoreError> {
    store.write(|sql| {
        if insert_session(sql, session, None)? == Saved::AlreadyStored {
            // Already there: sent before (a retry), or by another request at the same moment
            // (PostgreSQL waited for it, then saw its row).
            return Ok(match stored_submission(sql, &session.uid)? {
                Some(stored) => Kept::Existing(stored),
                None => Kept::Foreign,
            });
        }
        let outcome = session.outcome.as_ref();
        sql.execute(
            "INSERT INTO submissions (uid, account_id, cohort_id, team, content_hash, scenario_id,
                 competition_id, fingerprint, ending, score, csat, nps, retention, ranked,
                 imported, received_at_ms, typed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17)",
            &[
                session.uid.as_str().into(),
                row.account_id.into(),
                row.cohort_id.into(),
                row.team.as_str().into(),
                session.record.content_hash.0.as_str().into(),
                session.record.scenario_id.as_str().into(),
                row.competition_id.into(),
                row.fingerprint.as_str().into(),
                outcome.map(|o| o.ending.as_str()).into(),
                outcome.map(|o| i64::from(o.score)).into(),
                outcome.map(|o| i64::from(o.csat)).into(),
                outcome.map(|o| i64::from(o.nps)).into(),
                outcome.map(|o| o.retention.as_str()).into(),
                i64::from(row.ranked).into(),
                i64::from(row.imported).into(),
                row.received_at_ms.into(),
                i64::from(session.typed()).into(),
            ],
        )?;
        Ok(Kept::New)
    })
}

/// The boards of one scenario version in one cohort: every ranked finished session, or only a
/// competition's.
pub fn board(
    store: &mut Store,
    content_hash: &str,
    cohort_id: i64,
    competition_id: Option<i64>,
    typed: bool,
) -> Result<(Vec<BoardLine>, Vec<TeamLine>), StoreError> {
    store.read(|sql| {
        let params: [Param; 4] = [
            content_hash.into(),
            cohort_id.into(),
            competition_id.into(),
            i64::from(typed).into(),
        ];
        let trainees = sql
            .query(
                "SELECT a.name, a.team, MAX(s.score), COUNT(*)
                 FROM submissions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.content_hash = $1 AND s.cohort_id = $2 AND s.ranked = 1
                     AND s.score IS NOT NULL
                     AND (CAST($3 AS BIGINT) IS NULL OR s.competition_id = $3)
                     AND s.typed = $4
                 GROUP BY a.name, a.team
                 ORDER BY MAX(s.score) DESC, a.name",
                &params,
            )?
            .iter()
            .map(|row| {
                Ok(BoardLine {
                    name: row.text(0)?,
                    team: row.text(1)?,
                    best: row.small(2)?,
                    sessions: row.small(3)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut teams: Vec<TeamLine> = Vec::new();
        for line in trainees.iter().filter(|line| !line.team.is_empty()) {
            match teams.iter_mut().find(|team| team.team == line.team) {
                Some(team) => {
                    team.average_of_bests += f64::from(line.best);
                    team.members += 1;
                }
                None => teams.push(TeamLine {
                    team: line.team.clone(),
                    average_of_bests: f64::from(line.best),
                    members: 1,
                }),
            }
        }
        for team in &mut teams {
            team.average_of_bests /= f64::from(team.members);
        }
        teams.sort_by(|a, b| {
            b.average_of_bests
                .total_cmp(&a.average_of_bests)
                .then_with(|| a.team.cmp(&b.team))
        });
        Ok((trainees, teams))
    })
}

/// A new competition; returns its id.
pub fn create_competition(
    store: &mut Store,
    competition: &Competition,
    cohort_id: i64,
    created_by: i64,
) -> Result<i64, StoreError> {
    store.write(|sql| {
        let id = sql
            .query(
                "INSERT INTO competitions (name, cohort_id, starts_at, ends_at, assessment, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    competition.name.as_str().into(),
                    cohort_id.into(),
                    competition.starts_at.into(),
                    competition.ends_at.into(),
                    i64::from(competition.assessment).into(),
                    created_by.into(),
                ],
            )?
            .first()
            .map(|row| row.int(0))
            .transpose()?
            .unwrap_or_default();
        for hash in &competition.content_hashes {
            sql.execute(
                "INSERT INTO competition_versions (competition_id, content_hash) VALUES ($1, $2)",
                &[id.into(), hash.as_str().into()],
            )?;
        }
        for team in &competition.teams {
            sql.execute(
                "INSERT INTO competition_teams (competition_id, team) VALUES ($1, $2)",
                &[id.into(), team.as_str().into()],
            )?;
        }
        Ok(id)
    })
}

/// A competition by id, with its cohort's id.
pub fn competition(store: &mut Store, id: i64) -> Result<Option<(Competition, i64)>, StoreError> {
    store.read(|sql| {
        let Some(row) = sql
            .query(
                "SELECT m.name, c.name, m.starts_at, m.ends_at, m.assessment, m.cohort_id
                 FROM competitions m JOIN cohorts c ON c.id = m.cohort_id WHERE m.id = $1",
                &[id.into()],
            )?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let texts = |sql: &mut dyn Sql, query: &str| -> Result<Vec<String>, StoreError> {
            sql.query(query, &[id.into()])?
                .iter()
                .map(|row| Ok(row.text(0)?))
                .collect()
        };
        let content_hashes = texts(
            sql,
            "SELECT content_hash FROM competition_versions WHERE competition_id = $1 ORDER BY content_hash",
        )?;
        let teams = texts(
            sql,
            "SELECT team FROM competition_teams WHERE competition_id = $1 ORDER BY team",
        )?;
        Ok(Some((
            Competition {
                id,
                name: row.text(0)?,
                cohort: row.text(1)?,
                content_hashes,
                starts_at: row.int(2)?,
                ends_at: row.int(3)?,
                teams,
                assessment: row.int(4)? != 0,
            },
            row.int(5)?,
        )))
    })
}

/// The ids of the competitions of a cohort.
pub fn competitions_of(store: &mut Store, cohort_id: i64) -> Result<Vec<i64>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT id FROM competitions WHERE cohort_id = $1 ORDER BY starts_at, id",
            &[cohort_id.into()],
        )?
        .iter()
        .map(|row| Ok(row.int(0)?))
        .collect()
    })
}

/// The sessions submitted for a cohort, oldest first, with their turns: those of one
/// competition, those received from `since_ms` on, and before `before_ms`, when given.
pub fn cohort_sessions(
    store: &mut Store,
    cohort_id: i64,
    competition_id: Option<i64>,
    since_ms: Option<i64>,
    before_ms: Option<i64>,
) -> Result<Vec<SessionData>, StoreError> {
    store.read(|sql| {
        Ok(rapport_store::load_sessions(
            sql,
            "WHERE uid IN (SELECT uid FROM submissions WHERE cohort_id = $1
                 AND (CAST($2 AS BIGINT) IS NULL OR competition_id = $2)
                 AND (CAST($3 AS BIGINT) IS NULL OR received_at_ms >= $3)
                 AND (CAST($4 AS BIGINT) IS NULL OR received_at_ms < $4))
             ORDER BY started_at, id",
            &[
                cohort_id.into(),
                competition_id.into(),
                since_ms.into(),
                before_ms.into(),
            ],
        )?
        .into_iter()
        .map(|(_, session)| session)
        .collect())
    })
}

/// One line of a trainee's history, as the server scored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub received_at_ms: i64,
    pub scenario_id: String,
    pub ending: Option<String>,
    pub score: Option<u8>,
    pub csat: Option<u8>,
    pub ranked: bool,
    pub imported: bool,
}

/// Every session submitted as `account_id`'s, newest first.
pub fn history(store: &mut Store, account_id: i64) -> Result<Vec<HistoryLine>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT received_at_ms, scenario_id, ending, score, csat, ranked, imported
             FROM submissions WHERE account_id = $1 ORDER BY received_at_ms DESC",
            &[account_id.into()],
        )?
        .iter()
        .map(|row| {
            Ok(HistoryLine {
                received_at_ms: row.int(0)?,
                scenario_id: row.text(1)?,
                ending: row.opt_text(2)?,
                score: row.opt_small(3)?,
                csat: row.opt_small(4)?,
                ranked: row.int(5)? != 0,
                imported: row.int(6)? != 0,
            })
        })
        .collect()
    })
}

/// What changes when a competition's boards change: how many ranked sessions it has, and
/// when the last arrived.
pub fn competition_mark(store: &mut Store, id: i64) -> Result<(i64, i64), StoreError> {
    store.read(|sql| {
        let rows = sql.query(
            "SELECT COUNT(*), COALESCE(MAX(received_at_ms), 0) FROM submissions
             WHERE competition_id = $1 AND ranked = 1",
            &[id.into()],
        )?;
        let row = rows.first();
        Ok((
            row.map(|r| r.int(0)).transpose()?.unwrap_or(0),
            row.map(|r| r.int(1)).transpose()?.unwrap_or(0),
        ))
    })
}

/// The competitions a trainer leads (every one, for an admin): id, name, cohort, newest first.
pub fn competitions_led(
    store: &mut Store,
    caller: &Caller,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    let everyone = caller.role == rapport_core::submission::Role::Admin;
    store.read(|sql| {
        sql.query(
            "SELECT m.id, m.name, c.name FROM competitions m JOIN cohorts c ON c.id = m.cohort_id
             WHERE CAST($1 AS BIGINT) = 1 OR c.trainer_id = $2
             ORDER BY m.starts_at DESC, m.id DESC",
            &[i64::from(everyone).into(), caller.id.into()],
        )?
        .iter()
        .map(|row| Ok((row.int(0)?, row.text(1)?, row.text(2)?)))
        .collect()
    })
}

/// The cohorts a trainer leads (every one, for an admin), by name.
pub fn cohorts_led(store: &mut Store, caller: &Caller) -> Result<Vec<String>, StoreError> {
    let everyone = caller.role == rapport_core::submission::Role::Admin;
    store.read(|sql| {
        sql.query(
            "SELECT name FROM cohorts WHERE CAST($1 AS BIGINT) = 1 OR trainer_id = $2
             ORDER BY name",
            &[i64::from(everyone).into(), caller.id.into()],
        )?
        .iter()
        .map(|row| Ok(row.text(0)?))
        .collect()
    })
}

/// A scenario version a cohort played: its hash, how many finished sessions, their average.
pub fn versions_played(
    store: &mut Store,
    cohort_id: i64,
) -> Result<Vec<(String, u32, f64)>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT content_hash, COUNT(*), AVG(CAST(score AS DOUBLE PRECISION)) FROM submissions
             WHERE cohort_id = $1 AND score IS NOT NULL
             GROUP BY content_hash ORDER BY COUNT(*) DESC, content_hash",
            &[cohort_id.into()],
        )?
        .iter()
        .map(|row| Ok((row.text(0)?, row.small(1)?, row.real(2)?)))
        .collect()
    })
}

/// How often each reply was chosen at each node of one version by a cohort's finished
/// sessions, and the average final score of the sessions that chose it: (node, choice as
/// stored, times, average score).
pub fn choices_made(
    store: &mut Store,
    cohort_id: i64,
    content_hash: &str,
) -> Result<Vec<(String, String, u32, f64)>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT t.node, t.choice, COUNT(*), AVG(CAST(s.score AS DOUBLE PRECISION))
             FROM turns t JOIN sessions s ON s.id = t.session_id
             JOIN submissions b ON b.uid = s.uid
             WHERE b.cohort_id = $1 AND b.content_hash = $2 AND s.score IS NOT NULL
             GROUP BY t.node, t.choice",
            &[cohort_id.into(), content_hash.into()],
        )?
        .iter()
        .map(|row| Ok((row.text(0)?, row.text(1)?, row.small(2)?, row.real(3)?)))
        .collect()
    })
}

/// What a cohort typed that nothing on offer matched, at each node of one version: the node
/// and the words (JSON, as kept with the turn), oldest first.
pub fn typed_not_understood(
    store: &mut Store,
    cohort_id: i64,
    content_hash: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    let unclear = serde_json::to_string(&rapport_core::session::Choice::Unclear)?;
    store.read(|sql| {
        sql.query(
            "SELECT t.node, t.typed FROM turns t JOIN sessions s ON s.id = t.session_id
             JOIN submissions b ON b.uid = s.uid
             WHERE b.cohort_id = $1 AND b.content_hash = $2 AND t.choice = $3
                 AND t.typed IS NOT NULL
             ORDER BY s.id, t.turn",
            &[
                cohort_id.into(),
                content_hash.into(),
                unclear.as_str().into(),
            ],
        )?
        .iter()
        .map(|row| Ok((row.text(0)?, row.text(1)?)))
        .collect()
    })
}

/// Each finished session of one version by a cohort: its ending and the node of its last turn.
pub fn last_nodes(
    store: &mut Store,
    cohort_id: i64,
    content_hash: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT s.ending, t.node FROM sessions s
             JOIN submissions b ON b.uid = s.uid
             JOIN turns t ON t.session_id = s.id
                 AND t.turn = (SELECT MAX(turn) FROM turns WHERE session_id = s.id)
             WHERE b.cohort_id = $1 AND b.content_hash = $2 AND s.ending IS NOT NULL",
            &[cohort_id.into(), content_hash.into()],
        )?
        .iter()
        .map(|row| Ok((row.text(0)?, row.text(1)?)))
        .collect()
    })
}

/// Every skill score of a cohort's finished sessions: (day received, UTC, as Unix seconds at
/// midnight; skill; score).
pub fn skill_scores(
    store: &mut Store,
    cohort_id: i64,
) -> Result<Vec<(i64, String, u8)>, StoreError> {
    store.read(|sql| {
        sql.query(
            "SELECT b.received_at_ms, k.skill, k.score FROM session_skills k
             JOIN sessions s ON s.id = k.session_id JOIN submissions b ON b.uid = s.uid
             WHERE b.cohort_id = $1 ORDER BY b.received_at_ms",
            &[cohort_id.into()],
        )?
        .iter()
        .map(|row| {
            let day = row.int(0)? / 1000 / 86_400 * 86_400;
            Ok((day, row.text(1)?, row.small(2)?))
        })
        .collect()
    })
}
