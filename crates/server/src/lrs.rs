//! Forwarding verified sessions to the organisation's learning record store (xAPI 1.0.3).
//!
//! The outbox is the database itself: a submission is stored in one transaction with its
//! session, and a session is waiting for an LRS until `lrs_deliveries` says that LRS took it.
//! Nothing is kept in memory that a crash, a restart or an LRS outage could lose; the server
//! that holds the forwarding lease sends what waits, oldest first, in batches.
//!
//! Statement ids are derived from the session id, so sending a session twice (a crash between
//! the LRS's answer and the delivery row, or two servers at a lease hand-over) leaves one copy in
//! the LRS: a `409 Conflict` is checked statement by statement, and a statement the LRS already
//! holds under our id counts as delivered.
//!
//! An attempt that fails (LRS down, refused credentials, a 5xx) is recorded per session with its
//! reason, and the session waits with exponential backoff: 1 s after the first failure,
//! doubling to at most [`MAX_BACKOFF_MS`].

use std::time::Duration;

use rapport_core::record::SessionData;
use rapport_store::backend::Sql;
use rapport_store::export::Versions;
use rapport_store::export::xapi::{self, Iris};
use rapport_store::{Store, StoreError};
use serde_json::Value;

use crate::{AppState, now_millis};

/// Sessions sent in one request (their statements go as one array).
pub const BATCH_SESSIONS: i64 = 20;
/// The longest wait between two tries of one session.
pub const MAX_BACKOFF_MS: i64 = 5 * 60 * 1000;
/// How long the forwarding lease lasts without renewal: a server that died hands over after
/// this.
const LEASE_MS: i64 = 30_000;
/// How often a server without the lease checks whether it is free.
const FOLLOWER_POLL: Duration = Duration::from_secs(10);
/// How often the lease holder looks for sessions stored by other servers.
const LEADER_POLL: Duration = Duration::from_secs(2);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the LRS is and how to sign in to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example.org/xAPI`; statements go to
    /// `{endpoint}/statements`.
    pub endpoint: String,
    /// HTTP Basic credentials (an LRS's key and secret).
    pub username: String,
    pub password: String,
}

impl LrsConfig {
    pub fn new(endpoint: &str, username: &str, password: &str) -> Result<LrsConfig, String> {
        let endpoint = endpoint.trim().trim_end_matches('/');
        let endpoint = endpoint.strip_suffix("/statements").unwrap_or(endpoint);
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(format!(
                "`{endpoint}` is not an LRS endpoint: use https://host/path/to/xAPI"
            ));
        }
        if username.is_empty() || username.contains(':') {
            return Err("the LRS user name is empty or has a `:`".into());
        }
        Ok(LrsConfig {
            endpoint: endpoint.into(),
            username: username.into(),
            password: password.into(),
        })
    }
}

/// How forwarding to one LRS stands, for `rapport server lrs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LrsStatus {
    pub delivered: i64,
    pub waiting: i64,
    /// The longest-waiting session's receipt time.
    pub oldest_waiting_ms: Option<i64>,
    /// Sessions whose last try failed: uid, tries, when the next is due, the reason.
    pub failing: Vec<(String, i64, i64, String)>,
    /// Which server holds the lease, and until when.
    pub lease: Option<(String, i64)>,
}

// ----- the database side -----

/// Takes or renews the forwarding lease for `endpoint`; false while another server holds it.
fn hold_lease(
    sql: &mut dyn Sql,
    endpoint: &str,
    holder: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let changed = sql.execute(
        "INSERT INTO lrs_leases (endpoint, holder, until_ms) VALUES ($1, $2, $3)
         ON CONFLICT (endpoint) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
         WHERE lrs_leases.holder = excluded.holder OR lrs_leases.until_ms < $4",
        &[
            endpoint.into(),
            holder.into(),
            (now_ms + LEASE_MS).into(),
            now_ms.into(),
        ],
    )?;
    Ok(changed == 1)
}

/// The sessions due to be sent, oldest first, each with its failed tries so far; and when the
/// next one that is backing off falls due.
type Due = (Vec<(String, i64)>, Option<i64>);

/// What is due to be sent to `endpoint`.
fn due(sql: &mut dyn Sql, endpoint: &str, now_ms: i64) -> Result<Due, StoreError> {
    let due = sql
        .query(
            "SELECT s.uid, COALESCE(a.attempts, 0) FROM submissions s
             LEFT JOIN lrs_deliveries d ON d.endpoint = $1 AND d.uid = s.uid
             LEFT JOIN lrs_attempts a ON a.endpoint = $1 AND a.uid = s.uid
             WHERE d.uid IS NULL AND (a.next_at_ms IS NULL OR a.next_at_ms <= $2)
             ORDER BY s.received_at_ms, s.uid LIMIT $3",
            &[endpoint.into(), now_ms.into(), BATCH_SESSIONS.into()],
        )?
        .iter()
        .map(|row| Ok((row.text(0)?, row.int(1)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let next = sql
        .query(
            "SELECT MIN(next_at_ms) FROM lrs_attempts WHERE endpoint = $1 AND next_at_ms > $2",
            &[endpoint.into(), now_ms.into()],
        )?
        .first()
        .map(|row| row.opt_int(0))
        .transpose()?
        .flatten();
    Ok((due, next))
}

fn mark_delivered(
    sql: &mut dyn Sql,
    endpoint: &str,
    uid: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    sql.execute(
        "INSERT INTO lrs_deliveries (endpoint, uid, delivered_at_ms) VALUES ($1, $2, $3)
         ON CONFLICT (endpoint, uid) DO NOTHING",
        &[endpoint.into(), uid.into(), now_ms.into()],
    )?;
    sql.execute(
        "DELETE FROM lrs_attempts WHERE endpoint = $1 AND uid = $2",
        &[endpoint.into(), uid.into()],
    )?;
    Ok(())
}

fn mark_failed(
    sql: &mut dyn Sql,
    endpoint: &str,
    uid: &str,
    attempts: i64,
    next_at_ms: i64,
    reason: &str,
) -> Result<(), StoreError> {
    sql.execute(
        "INSERT INTO lrs_attempts (endpoint, uid, attempts, next_at_ms, last_error)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint, uid) DO UPDATE SET attempts = excluded.attempts,
             next_at_ms = excluded.next_at_ms, last_error = excluded.last_error",
        &[
            endpoint.into(),
            uid.into(),
            attempts.into(),
            next_at_ms.into(),
            reason.into(),
        ],
    )?;
    Ok(())
}

/// How forwarding to `endpoint` stands.
pub fn status(store: &mut Store, endpoint: &str) -> Result<LrsStatus, StoreError> {
    let endpoint = endpoint.trim_end_matches('/');
    store.read(|sql| {
        let count = |sql: &mut dyn Sql, query: &str| -> Result<i64, StoreError> {
            sql.query(query, &[endpoint.into()])?
                .first()
                .map_or(Ok(0), |row| Ok(row.int(0)?))
        };
        let delivered = count(
            sql,
            "SELECT COUNT(*) FROM lrs_deliveries WHERE endpoint = $1",
        )?;
        let waiting_rows = sql.query(
            "SELECT COUNT(*), MIN(s.received_at_ms) FROM submissions s
             LEFT JOIN lrs_deliveries d ON d.endpoint = $1 AND d.uid = s.uid
             WHERE d.uid IS NULL",
            &[endpoint.into()],
        )?;
        let (waiting, oldest_waiting_ms) = match waiting_rows.first() {
            Some(row) => (row.int(0)?, row.opt_int(1)?),
            None => (0, None),
        };
        let failing = sql
            .query(
                "SELECT uid, attempts, next_at_ms, last_error FROM lrs_attempts
                 WHERE endpoint = $1 ORDER BY next_at_ms, uid",
                &[endpoint.into()],
            )?
            .iter()
            .map(|row| Ok((row.text(0)?, row.int(1)?, row.int(2)?, row.text(3)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let lease = sql
            .query(
                "SELECT holder, until_ms FROM lrs_leases WHERE endpoint = $1",
                &[endpoint.into()],
            )?
            .first()
            .map(|row| Ok::<_, StoreError>((row.text(0)?, row.int(1)?)))
            .transpose()?;
        Ok(LrsStatus {
            delivered,
            waiting,
            oldest_waiting_ms,
            failing,
            lease,
        })
    })
}

/// The wait before try `attempts + 1`, after `attempts` failed ones: 1 s, 2 s, 4 s ... up to
/// [`MAX_BACKOFF_MS`], spread by up to a fifth either way so that sessions that failed together
/// do not all come due in the same instant.
pub fn backoff_ms(attempts: i64, jitter: f64) -> i64 {
    let base = 1000_i64.saturating_mul(1 << attempts.clamp(1, 20).saturating_sub(1));
    let spread = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    ((base.min(MAX_BACKOFF_MS) as f64) * spread) as i64
}

// ----- the HTTP side -----

/// Talks to one LRS (blocking: run it off the async threads).
struct LrsClient {
    agent: ureq::Agent,
    statements: String,
    authorization: String,
}

/// Why a session did not reach the LRS.
type Failure = String;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Put,
    Post,
}

impl LrsClient {
    fn new(config: &LrsConfig) -> LrsClient {
        use base64::Engine as _;
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .timeout_connect(Some(Duration::from_secs(5)))
            .build()
            .into();
        let credentials = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", config.username, config.password));
        LrsClient {
            agent,
            statements: format!("{}/statements", config.endpoint),
            authorization: format!("Basic {credentials}"),
        }
    }

    /// Sends `body` (a statement or an array of them) to the statements resource with `query`;
    /// the status, or why no answer came.
    fn send(&self, method: Method, query: &str, body: Option<&Value>) -> Result<u16, Failure> {
        let url = format!("{}{query}", self.statements);
        let text = body.map(Value::to_string).unwrap_or_default();
        let result = match method {
            Method::Get => self
                .agent
                .get(&url)
                .header("Authorization", &self.authorization)
                .header("X-Experience-API-Version", "1.0.3")
                .call(),
            Method::Put | Method::Post => {
                let request = if method == Method::Put {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                request
                    .header("Authorization", &self.authorization)
                    .header("X-Experience-API-Version", "1.0.3")
                    .header("Content-Type", "application/json")
                    .send(text)
            }
        };
        let mut response = result.map_err(|error| format!("the LRS is unreachable: {error}"))?;
        let status = response.status().as_u16();
        // Read the answer so the connection can be used again.
        let _ = response.body_mut().read_to_string();
        Ok(status)
    }

    /// Posts every session's statements at once; when the LRS refuses the batch as a conflict
    /// (some were delivered before) or as malformed (one session's statements it will not
    /// take must not hold back the others), each session on its own.
    fn deliver(&self, sessions: &[(String, Value)]) -> Vec<Result<(), Failure>> {
        let all: Vec<Value> = sessions
            .iter()
            .flat_map(|(_, statements)| statements.as_array().cloned().unwrap_or_default())
            .collect();
        match self.send(Method::Post, "", Some(&Value::Array(all))) {
            Ok(200..=299) => sessions.iter().map(|_| Ok(())).collect(),
            Ok(409) => sessions
                .iter()
                .map(|(_, statements)| self.deliver_session(statements))
                .collect(),
            Ok(400) if sessions.len() > 1 => sessions
                .iter()
                .map(|(_, statements)| self.deliver_session(statements))
                .collect(),
            Ok(status) => {
                let reason = refusal(status);
                sessions.iter().map(|_| Err(reason.clone())).collect()
            }
            Err(reason) => sessions.iter().map(|_| Err(reason.clone())).collect(),
        }
    }

    fn deliver_session(&self, statements: &Value) -> Result<(), Failure> {
        match self.send(Method::Post, "", Some(statements))? {
            200..=299 => Ok(()),
            409 => statements
                .as_array()
                .into_iter()
                .flatten()
                .try_for_each(|statement| self.deliver_statement(statement)),
            status => Err(refusal(status)),
        }
    }

    /// One statement by its id: PUT, and on a conflict, a look at what the LRS holds.
    fn deliver_statement(&self, statement: &Value) -> Result<(), Failure> {
        let id = statement["id"].as_str().unwrap_or_default();
        let query = format!("?statementId={id}");
        match self.send(Method::Put, &query, Some(statement))? {
            200..=299 => Ok(()),
            // The id is ours (derived from the session's): the LRS holds this statement, with
            // what it adds itself (`stored`, `authority`), from an earlier try.
            409 => match self.send(Method::Get, &query, None)? {
                200 => Ok(()),
                status => Err(format!(
                    "the LRS reported statement {id} as a conflict but does not return it (HTTP {status})"
                )),
            },
            status => Err(refusal(status)),
        }
    }
}

fn refusal(status: u16) -> Failure {
    match status {
        401 | 403 => format!("the LRS refused the credentials (HTTP {status})"),
        400 => "the LRS refused the statements as malformed (HTTP 400)".into(),
        413 => "the LRS refused the batch as too large (HTTP 413)".into(),
        _ => format!("the LRS answered HTTP {status}"),
    }
}

// ----- the forwarding task -----

/// Sends what waits, for as long as the server runs. Only the server holding the lease sends;
/// a submission stored here wakes it at once, others are found within [`LEADER_POLL`].
pub(crate) async fn forward(
    state: AppState,
    config: LrsConfig,
    iris: Iris,
    wake: std::sync::Arc<tokio::sync::Notify>,
) {
    let client = std::sync::Arc::new(LrsClient::new(&config));
    let holder = uuid::Uuid::new_v4().to_string();
    let endpoint = config.endpoint.clone();
    let mut failing = false;
    loop {
        let now_ms = now_millis();
        let (endpoint_q, holder_q) = (endpoint.clone(), holder.clone());
        let found = state
            .with_store(move |store| {
                store
                    .write(|sql| {
                        if !hold_lease(sql, &endpoint_q, &holder_q, now_ms)? {
                            return Ok(None);
                        }
                        Ok(Some(due(sql, &endpoint_q, now_ms)?))
                    })?
                    .map(|(due, next)| {
                        let uids: Vec<String> = due.iter().map(|(uid, _)| uid.clone()).collect();
                        let sessions = load(store, &uids)?;
                        Ok::<_, crate::ApiError>((due, sessions, next))
                    })
                    .transpose()
            })
            .await;
        let (due, sessions, next) = match found {
            Ok(Some(found)) => found,
            Ok(None) => {
                pause(&wake, FOLLOWER_POLL).await;
                continue;
            }
            Err(error) => {
                eprintln!("rapport serve: the LRS forwarder cannot read the database: {error}");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        if due.is_empty() {
            let until_next = next
                .map(|at| Duration::from_millis((at - now_ms).max(0) as u64))
                .unwrap_or(LEADER_POLL);
            pause(&wake, until_next.min(LEADER_POLL)).await;
            continue;
        }
        let batch = statements_of(&sessions, &state.versions, &iris);
        let sender = std::sync::Arc::clone(&client);
        let results = tokio::task::spawn_blocking(move || {
            let results = sender.deliver(&batch);
            (batch, results)
        })
        .await;
        let Ok((batch, results)) = results else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        let delivered = results.iter().filter(|result| result.is_ok()).count();
        let first_failure = results.iter().find_map(|result| result.clone().err());
        match (&first_failure, failing) {
            (Some(reason), false) => eprintln!(
                "rapport serve: {reason}; sessions wait for {endpoint} and are retried with backoff"
            ),
            (None, true) => eprintln!("rapport serve: {endpoint} takes statements again"),
            _ => {}
        }
        failing = first_failure.is_some();
        let attempts: std::collections::HashMap<String, i64> = due.into_iter().collect();
        let endpoint_q = endpoint.clone();
        let recorded = state
            .with_store(move |store| {
                let now_ms = now_millis();
                store.write(|sql| {
                    for ((uid, _), result) in batch.iter().zip(&results) {
                        match result {
                            Ok(()) => mark_delivered(sql, &endpoint_q, uid, now_ms)?,
                            Err(reason) => {
                                let tries = attempts.get(uid).copied().unwrap_or(0) + 1;
                                let wait = backoff_ms(tries, rand::random::<f64>());
                                mark_failed(sql, &endpoint_q, uid, tries, now_ms + wait, reason)?;
                            }
                        }
                    }
                    Ok(())
                })?;
                Ok(())
            })
            .await;
        if let Err(error) = recorded {
            // The LRS has them; the next round sends them again and the LRS keeps one copy.
            eprintln!("rapport serve: cannot record LRS deliveries: {error}");
            tokio::time::sleep(Duration::from_secs(5)).await;
        } else if delivered == 0 {
            // Nothing went through: wait for the earliest retry rather than spin.
            pause(&wake, Duration::from_millis(500)).await;
        }
    }
}

/// Waits for a wake-up or `longest`, whichever comes first.
async fn pause(wake: &tokio::sync::Notify, longest: Duration) {
    let _ = tokio::time::timeout(longest, wake.notified()).await;
}

fn load(store: &mut Store, uids: &[String]) -> Result<Vec<SessionData>, StoreError> {
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=uids.len()).map(|n| format!("${n}")).collect();
    let params: Vec<rapport_store::backend::Param> =
        uids.iter().map(|uid| uid.as_str().into()).collect();
    store.read(|sql| {
        Ok(rapport_store::load_sessions(
            sql,
            &format!("WHERE uid IN ({})", placeholders.join(", ")),
            &params,
        )?
        .into_iter()
        .map(|(_, session)| session)
        .collect())
    })
}

/// Each session's statements, by session id, in the order the sessions were due.
fn statements_of(
    sessions: &[SessionData],
    versions: &Versions,
    iris: &Iris,
) -> Vec<(String, Value)> {
    sessions
        .iter()
        .map(|session| {
            (
                session.uid.clone(),
                xapi::write_for(std::slice::from_ref(session), versions, iris),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An LRS on loopback that refuses (400) any POST carrying the statement id `bad`, and
    /// takes the rest; it answers `requests` requests, then stops.
    fn picky_lrs(requests: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let mut bodies = Vec::new();
            for stream in listener.incoming().take(requests) {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap();
                    }
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let body = String::from_utf8(body).unwrap();
                let status = if body.contains("\"bad\"") {
                    "400 Bad Request"
                } else {
                    "200 OK"
                };
                bodies.push(body);
                write!(
                    stream,
                    "HTTP/1.1 {status}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]"
                )
                .unwrap();
            }
            bodies
        });
        (format!("http://{address}/xAPI"), server)
    }

    #[test]
    fn one_session_the_lrs_refuses_does_not_hold_back_the_others() {
        let (endpoint, server) = picky_lrs(3);
        let client = LrsClient::new(&LrsConfig::new(&endpoint, "key", "secret").unwrap());
        let session = |id: &str| (id.to_owned(), serde_json::json!([{ "id": id }]));
        let results = client.deliver(&[session("good"), session("bad")]);
        assert_eq!(results[0], Ok(()));
        assert_eq!(
            results[1],
            Err("the LRS refused the statements as malformed (HTTP 400)".to_owned())
        );
        // The batch, then each session on its own.
        let bodies = server.join().unwrap();
        assert_eq!(bodies.len(), 3);
        assert!(bodies[0].contains("good") && bodies[0].contains("bad"));
    }

    #[test]
    fn backoff_doubles_from_a_second_up_to_five_minutes_with_a_spread() {
        assert_eq!(backoff_ms(1, 0.5), 1000);
        assert_eq!(backoff_ms(2, 0.5), 2000);
        assert_eq!(backoff_ms(5, 0.5), 16_000);
        assert_eq!(backoff_ms(40, 0.5), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(3, 0.0), 3200);
        assert_eq!(backoff_ms(3, 1.0), 4800);
    }

    #[test]
    fn an_lrs_endpoint_is_an_http_address_with_credentials() {
        let config =
            LrsConfig::new("https://lrs.example.org/xAPI/statements/", "key", "s").unwrap();
        assert_eq!(config.endpoint, "https://lrs.example.org/xAPI");
        assert!(LrsConfig::new("lrs.example.org", "key", "s").is_err());
        assert!(LrsConfig::new("https://lrs.example.org", "", "s").is_err());
        assert!(LrsConfig::new("https://lrs.example.org", "a:b", "s").is_err());
    }
}
