//! A client of `rapport serve`, for the command line and the game: signing in, starting a
//! session on the server, submitting what was played, and reading boards. A finished session
//! is written to a durable outbox before it is sent, and stays there until the server has
//! acknowledged it, so a server that is down, a lost connection or a crash mid-submission loses
//! nothing; the server recognises a retry by its session id, so it is counted exactly once.

pub mod credentials;
pub mod outbox;

use std::path::Path;
use std::time::Duration;

use rapport_core::submission::{
    Account, Board, Competition, Named, NewAccount, Play, PlayRequest, Receipt, Refusal,
    ScenarioVersion, SignIn, SignedIn, Submission,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use credentials::Credentials;
pub use outbox::{Delivery, SubmissionOutbox};

/// How long a request may take in all before the server counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// No answer: the server is down, the network is away, or it timed out. Worth retrying.
    #[error("cannot reach the results server: {0}")]
    Unreachable(String),
    /// The server is up but cannot do it now (its database is away). Worth retrying.
    #[error("the results server is unavailable: {0}")]
    Unavailable(String),
    /// The token is unknown or revoked: sign in again.
    #[error("the results server does not know this sign-in any more: {0}")]
    SignedOut(String),
    /// The server understood the request and refused it; retrying changes nothing.
    #[error("the results server refused it ({status}): {reason}")]
    Refused { status: u16, reason: String },
    #[error("{0}")]
    Setup(String),
}

impl ClientError {
    /// Whether sending the same request later may succeed.
    pub fn is_temporary(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable(_) | ClientError::Unavailable(_)
        ) || matches!(self, ClientError::Refused { status: 429, .. })
    }
}

/// A results server, signed in or not.
#[derive(Clone)]
pub struct Server {
    base: String,
    agent: ureq::Agent,
    token: Option<String>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("base", &self.base)
            .field("signed_in", &self.token.is_some())
            .finish()
    }
}

impl Server {
    /// The server at `url` (`http://` or `https://`). `ca_file` is a PEM file of certificates
    /// to trust instead of the public roots (a site's own, or a self-signed one).
    pub fn new(url: &str, ca_file: Option<&Path>) -> Result<Self, ClientError> {
        let base = url.trim().trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::Setup(format!(
                "`{base}` is not a server address: use http://host:port or https://host:port"
            )));
        }
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .timeout_connect(Some(Duration::from_secs(5)));
        if let Some(file) = ca_file {
            let pem = std::fs::read(file).map_err(|error| {
                ClientError::Setup(format!("cannot read {}: {error}", file.display()))
            })?;
            let certificates: Vec<_> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(certificate)) => Some(certificate),
                    _ => None,
                })
                .collect();
            if certificates.is_empty() {
                return Err(ClientError::Setup(format!(
                    "{} holds no PEM certificate",
                    file.display()
                )));
            }
            config = config.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&certificates))
                    .build(),
            );
        }
        Ok(Server {
            base,
            agent: config.build().into(),
            token: None,
        })
    }

    /// The server of saved credentials, signed in with their token.
    pub fn of(credentials: &Credentials) -> Result<Self, ClientError> {
        Ok(
            Server::new(&credentials.url, credentials.ca_file.as_deref())?
                .with_token(credentials.token.clone()),
        )
    }

    pub fn with_token(mut self, token: String) -> Self {
        self.token = Some(token);
        self
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    fn answer<T: DeserializeOwned>(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, ClientError> {
        let mut response = result.map_err(|error| ClientError::Unreachable(error.to_string()))?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return response
                .body_mut()
                .read_json()
                .map_err(|error| ClientError::Unreachable(format!("a broken answer: {error}")));
        }
        Err(Self::refusal(&mut response, status))
    }

    /// Why the server did not do it, from a non-2xx answer.
    fn refusal(response: &mut ureq::http::Response<ureq::Body>, status: u16) -> ClientError {
        let reason = response
            .body_mut()
            .read_json::<Refusal>()
            .map_or_else(|_| format!("HTTP {status}"), |refusal| refusal.error);
        match status {
            401 => ClientError::SignedOut(reason),
            502..=504 => ClientError::Unavailable(reason),
            _ => ClientError::Refused { status, reason },
        }
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.token.as_deref().unwrap_or_default())
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        Self::answer(
            self.agent
                .get(format!("{}{path}", self.base))
                .header("Authorization", self.bearer())
                .call(),
        )
    }

    fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<T, ClientError> {
        Self::answer(
            self.agent
                .post(format!("{}{path}", self.base))
                .header("Authorization", self.bearer())
                .send_json(body),
        )
    }

    /// Signs in; the answer holds the token to keep.
    pub fn sign_in(&self, name: &str, password: &str) -> Result<SignedIn, ClientError> {
        self.post(
            "/api/sign-in",
            &SignIn {
                name: name.to_owned(),
                password: password.to_owned(),
            },
        )
    }

    /// Revokes this token on the server.
    pub fn sign_out(&self) -> Result<(), ClientError> {
        let response = self
            .agent
            .post(format!("{}/api/sign-out", self.base))
            .header("Authorization", self.bearer())
            .send_empty()
            .map_err(|error| ClientError::Unreachable(error.to_string()))?;
        match response.status().as_u16() {
            200..=299 | 401 => Ok(()),
            status => Err(ClientError::Refused {
                status,
                reason: format!("HTTP {status}"),
            }),
        }
    }

    pub fn me(&self) -> Result<Account, ClientError> {
        self.get("/api/me")
    }

    pub fn scenarios(&self) -> Result<Vec<ScenarioVersion>, ClientError> {
        self.get("/api/scenarios")
    }

    /// Asks the server to start a session: its id and seed are the server's.
    pub fn start_play(
        &self,
        content_hash: &str,
        competition: Option<i64>,
    ) -> Result<Play, ClientError> {
        self.post("/api/plays", &PlayRequest::of(content_hash, competition))
    }

    /// Tells the server a session has started here with this id and seed (the game starts
    /// playing at once and registers the session alongside). `player` names the trainee a
    /// trainer starts it for at the trainer's keyboard (a match played as a competition round).
    pub fn register_play(
        &self,
        content_hash: &str,
        uid: &str,
        seed: u64,
        competition: Option<i64>,
        player: Option<&str>,
    ) -> Result<Play, ClientError> {
        self.post(
            "/api/plays",
            &PlayRequest {
                uid: Some(uid.to_owned()),
                seed: Some(seed),
                player: player.map(str::to_owned),
                ..PlayRequest::of(content_hash, competition)
            },
        )
    }

    /// Sends what was played; the server scores it.
    pub fn submit(&self, submission: &Submission) -> Result<Receipt, ClientError> {
        self.post("/api/submissions", submission)
    }

    /// Imports one exported session (a trainer's); `request` is the store's `ImportRequest`.
    pub fn import(&self, request: &impl Serialize) -> Result<Receipt, ClientError> {
        self.post("/api/imports", request)
    }

    /// A cohort's sessions as CSV or xAPI text (`format` is `csv` or `xapi`): a trainer's.
    pub fn export(
        &self,
        format: &str,
        cohort: &str,
        competition: Option<i64>,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<String, ClientError> {
        let mut path = format!(
            "{}/api/exports?format={}&cohort={}",
            self.base,
            percent_encode(format),
            percent_encode(cohort)
        );
        if let Some(id) = competition {
            path.push_str(&format!("&competition={id}"));
        }
        if let Some(day) = since {
            path.push_str(&format!("&since={}", percent_encode(day)));
        }
        if let Some(day) = until {
            path.push_str(&format!("&until={}", percent_encode(day)));
        }
        let mut response = self
            .agent
            .get(path)
            .header("Authorization", self.bearer())
            .call()
            .map_err(|error| ClientError::Unreachable(error.to_string()))?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return response
                .body_mut()
                .with_config()
                .limit(1024 * 1024 * 1024)
                .read_to_string()
                .map_err(|error| ClientError::Unreachable(format!("a broken answer: {error}")));
        }
        Err(Self::refusal(&mut response, status))
    }

    /// The board of one scenario version: the caller's cohort, or (trainers) `cohort`; of
    /// sessions played by typing when `typed`.
    pub fn board(
        &self,
        content_hash: &str,
        cohort: Option<&str>,
        typed: bool,
    ) -> Result<Board, ClientError> {
        let query = cohort.map_or_else(String::new, |cohort| {
            format!("&cohort={}", percent_encode(cohort))
        });
        self.get(&format!(
            "/api/boards/{}?typed={typed}{query}",
            percent_encode(content_hash)
        ))
    }

    pub fn competition_board(
        &self,
        id: i64,
        content_hash: &str,
        typed: bool,
    ) -> Result<Board, ClientError> {
        self.get(&format!(
            "/api/competitions/{id}/boards/{}?typed={typed}",
            percent_encode(content_hash)
        ))
    }

    pub fn competition(&self, id: i64) -> Result<Competition, ClientError> {
        self.get(&format!("/api/competitions/{id}"))
    }

    pub fn competitions(&self, cohort: Option<&str>) -> Result<Vec<Competition>, ClientError> {
        self.get(&format!("/api/competitions{}", cohort_query(cohort)))
    }

    pub fn create_competition(
        &self,
        competition: &Competition,
    ) -> Result<Competition, ClientError> {
        self.post("/api/competitions", competition)
    }

    pub fn create_account(&self, account: &NewAccount) -> Result<(), ClientError> {
        self.post_created("/api/accounts", account)
    }

    pub fn create_cohort(&self, name: &str) -> Result<(), ClientError> {
        self.post_created(
            "/api/cohorts",
            &Named {
                name: name.to_owned(),
            },
        )
    }

    pub fn create_team(&self, cohort: &str, team: &str) -> Result<(), ClientError> {
        self.post_created(
            &format!("/api/cohorts/{}/teams", percent_encode(cohort)),
            &Named {
                name: team.to_owned(),
            },
        )
    }

    /// The cohorts this trainer leads (every cohort, for an admin).
    pub fn cohorts(&self) -> Result<Vec<String>, ClientError> {
        self.get("/api/cohorts")
    }

    /// How `cohort` chose at each node of the scenario version `content_hash`.
    pub fn cohort_choices(
        &self,
        cohort: &str,
        content_hash: &str,
    ) -> Result<rapport_core::submission::CohortChoices, ClientError> {
        self.get(&format!(
            "/api/cohorts/{}/choices/{}",
            percent_encode(cohort),
            percent_encode(content_hash)
        ))
    }

    /// A request whose success has no body.
    fn post_created(&self, path: &str, body: &impl Serialize) -> Result<(), ClientError> {
        match self.post::<serde_json::Value>(path, body) {
            Ok(_) => Ok(()),
            // An empty 201 body is not JSON; the status already said it worked.
            Err(ClientError::Unreachable(reason)) if reason.starts_with("a broken answer") => {
                Ok(())
            }
            Err(error) => Err(error),
        }
    }
}

/// `?cohort=NAME`, or nothing.
fn cohort_query(cohort: Option<&str>) -> String {
    cohort.map_or_else(String::new, |cohort| {
        format!("?cohort={}", percent_encode(cohort))
    })
}

/// Escapes a path or query segment (names may hold spaces and any letter).
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_paths_are_escaped() {
        assert_eq!(percent_encode("Night shift/2"), "Night%20shift%2F2");
        assert_eq!(percent_encode("Zoë"), "Zo%C3%AB");
    }

    #[test]
    fn only_an_address_with_a_scheme_is_a_server() {
        assert!(Server::new("localhost:8080", None).is_err());
        assert!(Server::new("http://127.0.0.1:8080/", None).is_ok());
        let missing = Server::new("https://x", Some(Path::new("/no/such/ca.pem")));
        assert!(matches!(missing, Err(ClientError::Setup(_))));
    }
}
