//! `rapport serve`: the results server. Clients sign in, ask the server to start a session,
//! and submit what was played (the choices and their timings); the server replays every
//! submission on the scenario version it holds, computes every figure itself, stamps the time
//! it received it, and keeps it in one transaction. Boards are per scenario version and per
//! cohort (or per competition), built only from sessions the server started and scored.
//!
//! The server keeps no state of its own beyond the database: tokens, sign-in failures and
//! started sessions are rows, so any number of server processes can serve one database.

mod analytics;
mod auth;
mod db;
mod error;
pub mod lrs;
mod routes;
pub mod schema;
mod typed;
mod web;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use deadpool::unmanaged::Pool;
use rapport_core::scenario::model::Scenario;
use rapport_core::scenario::{discover, load_file};
use rapport_core::submission::{Role, ScenarioVersion};
use rapport_store::export::Versions;
use rapport_store::export::xapi::Iris;
use rapport_store::{Store, StoreError};

pub use auth::{MIN_PASSWORD_CHARS, check_password};
pub use error::ApiError;
pub use lrs::LrsConfig;

/// The largest request body the server reads (a submission of the longest scenario is a few
/// kilobytes).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How `rapport serve` runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// `postgres://...` or the path of a SQLite file (one site, one server process).
    pub database: String,
    pub scenarios: PathBuf,
    pub listen: SocketAddr,
    /// PEM files of the certificate chain and its private key; plain HTTP without them.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Database connections held open.
    pub connections: usize,
    /// The organisation's IRIs in xAPI statements (exports and the LRS).
    pub xapi: Iris,
    /// The learning record store every verified session is forwarded to, if any.
    pub lrs: Option<LrsConfig>,
    /// The sentence-embedding model's folder, to check words the model understood with the
    /// model; without it typed words are checked by words.
    pub model: Option<PathBuf>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "the database's server tables are at version {found}, not {}: an administrator runs `rapport server migrate` first",
        schema::SERVER_SCHEMA_VERSION
    )]
    Unmigrated { found: i64 },
    #[error("no scenario in {0} loads without errors: the server would have nothing to score")]
    NoScenarios(PathBuf),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the TLS certificate or key: {0}")]
    Tls(std::io::Error),
    #[error("cannot start the server's runtime: {0}")]
    Runtime(std::io::Error),
}

/// Opens the database a server or an administrator names: PostgreSQL by URL, else a SQLite file.
fn open(database: &str, migrating: bool) -> Result<Store, StoreError> {
    let postgres = database.starts_with("postgres://") || database.starts_with("postgresql://");
    match (postgres, migrating) {
        (true, true) => Store::connect(database),
        (true, false) => Store::connect_existing(database),
        (false, true) => Store::open(Path::new(database)),
        (false, false) => Store::open_existing(Path::new(database)),
    }
}

/// `rapport server migrate`: creates or upgrades the results store's tables and the server's.
/// Returns the server schema version.
pub fn migrate(database: &str) -> Result<i64, StoreError> {
    let mut store = open(database, true)?;
    schema::migrate(&mut store)
}

/// `rapport server add-admin`: the first account, made at the database, not over the network.
/// Returns false when the name is taken.
pub fn add_admin(database: &str, name: &str, password: &str) -> Result<bool, String> {
    let name = rapport_core::submission::check_name(name)?;
    check_password(password)?;
    let hash = auth::hash_password(password)?;
    let mut store = open(database, false).map_err(|error| error.to_string())?;
    store
        .write(|sql| db::create_account(sql, name, &hash, Role::Admin, None, "", now_seconds()))
        .map_err(|error| error.to_string())
}

/// `rapport server lrs`: how forwarding to the LRS at `endpoint` stands.
pub fn lrs_status(database: &str, endpoint: &str) -> Result<lrs::LrsStatus, String> {
    let mut store = open(database, false).map_err(|error| error.to_string())?;
    let found = schema::current_version(&mut store).map_err(|error| error.to_string())?;
    if found < 3 {
        return Err(ServeError::Unmigrated { found }.to_string());
    }
    lrs::status(&mut store, endpoint).map_err(|error| error.to_string())
}

/// The scenario versions in `folder` that load without errors.
pub fn load_scenarios(folder: &Path) -> Vec<Arc<Scenario>> {
    discover(&[folder.to_path_buf()])
        .unwrap_or_default()
        .iter()
        .filter_map(|file| load_file(file).scenario)
        .map(Arc::new)
        .collect()
}

/// What every request handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    /// Where the pool's connections go, to replace one whose connection broke.
    database: Arc<str>,
    pool: Pool<Store>,
    versions: Versions,
    scenarios: Arc<Vec<ScenarioVersion>>,
    xapi: Arc<Iris>,
    /// Told when a session is stored, so the LRS forwarder sends it at once.
    stored: Arc<tokio::sync::Notify>,
    /// Understands typed words again before they are believed.
    typed: typed::TypedCheck,
}

impl AppState {
    /// Runs `work` on a pooled connection on a blocking thread (the store's drivers block).
    pub(crate) async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let mut store = self.pool.get().await.map_err(ApiError::internal)?;
        let database = Arc::clone(&self.database);
        tokio::task::spawn_blocking(move || {
            let answer = work(&mut store);
            // A database that restarted leaves this connection dead: the request that found
            // out is answered "try again" (503), and the pool gets a fresh connection.
            if store.is_broken() {
                match open(&database, false) {
                    Ok(fresh) => *store = fresh,
                    Err(error) => eprintln!("rapport serve: cannot reconnect: {error}"),
                }
            }
            answer
        })
        .await
        .map_err(ApiError::internal)?
    }
}

/// Unix seconds now.
pub(crate) fn now_seconds() -> i64 {
    now_millis() / 1000
}

/// Unix milliseconds now.
pub(crate) fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

/// Stops a server started with [`serve_with`] at once (connections are closed).
#[derive(Debug, Clone)]
pub struct StopHandle(tokio::sync::watch::Sender<bool>);

impl StopHandle {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

/// Runs the server until the process is stopped (Ctrl-C or SIGTERM ends it gracefully).
/// `ready` is called with the address it listens on once it accepts connections.
pub fn serve(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    serve_with(config, |address, _| ready(address))
}

/// [`serve`], with a handle that stops the server (for a program that embeds it, or a test
/// that takes it away mid-session).
pub fn serve_with(
    config: ServeConfig,
    ready: impl FnOnce(SocketAddr, StopHandle),
) -> Result<(), ServeError> {
    let scenarios = load_scenarios(&config.scenarios);
    if scenarios.is_empty() {
        return Err(ServeError::NoScenarios(config.scenarios.clone()));
    }
    let connections = config.connections.max(1);
    let mut stores = Vec::with_capacity(connections);
    for _ in 0..connections {
        let mut store = open(&config.database, false)?;
        let found = schema::current_version(&mut store)?;
        if found != schema::SERVER_SCHEMA_VERSION {
            return Err(ServeError::Unmigrated { found });
        }
        stores.push(store);
    }
    let listing = scenarios
        .iter()
        .map(|scenario| ScenarioVersion {
            id: scenario.meta.id.clone(),
            title: scenario.meta.title.clone(),
            content_hash: scenario.content_hash.0.clone(),
            scored: scenario.meta.scored,
        })
        .collect();
    let (typed, model_problem) = typed::TypedCheck::load(config.model.as_deref());
    if let Some(problem) = model_problem {
        eprintln!("warning: typed replies are checked by words: {problem}");
    }
    // In the background, as the versions' values are: a version's first typed submission
    // would otherwise embed all its replies while holding a database connection.
    {
        let typed = typed.clone();
        let scenarios = scenarios.clone();
        std::thread::spawn(move || typed.prepare(&scenarios));
    }
    let state = AppState {
        typed,
        database: Arc::from(config.database.as_str()),
        pool: Pool::from(stores),
        versions: Versions::new(scenarios),
        scenarios: Arc::new(listing),
        xapi: Arc::new(config.xapi.clone()),
        stored: Arc::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let result = runtime.block_on(run(config, state.clone(), ready));
    // The store's PostgreSQL driver keeps a runtime of its own per connection, which must not be
    // dropped inside this one.
    runtime.shutdown_background();
    drop(state);
    result
}

async fn run(
    config: ServeConfig,
    state: AppState,
    ready: impl FnOnce(SocketAddr, StopHandle),
) -> Result<(), ServeError> {
    let (stop_sender, stop_receiver) = tokio::sync::watch::channel(false);
    let stop = StopHandle(stop_sender);
    // Each version's values, which scoring needs, are worked out in the background from the
    // start rather than by the first submissions of each scenario.
    let versions = state.versions.clone();
    tokio::task::spawn_blocking(move || versions.prepare_all());
    if let Some(lrs) = config.lrs.clone() {
        tokio::spawn(lrs::forward(
            state.clone(),
            lrs,
            config.xapi.clone(),
            Arc::clone(&state.stored),
        ));
    }
    let app = routes::router(state);
    let listener =
        std::net::TcpListener::bind(config.listen).map_err(|source| ServeError::Listen {
            address: config.listen,
            source,
        })?;
    listener
        .set_nonblocking(true)
        .map_err(|source| ServeError::Listen {
            address: config.listen,
            source,
        })?;
    let address = listener.local_addr().map_err(|source| ServeError::Listen {
        address: config.listen,
        source,
    })?;
    let service = app.into_make_service();
    match &config.tls {
        Some((certificate, key)) => {
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(certificate, key)
                .await
                .map_err(ServeError::Tls)?;
            let server = axum_server::from_tcp_rustls(listener, tls).map_err(ServeError::Tls)?;
            let handle = axum_server::Handle::new();
            stop_on_signal(handle.clone(), stop_receiver);
            ready(address, stop);
            server.handle(handle).serve(service).await
        }
        None => {
            let server = axum_server::from_tcp(listener).map_err(ServeError::Tls)?;
            let handle = axum_server::Handle::new();
            stop_on_signal(handle.clone(), stop_receiver);
            ready(address, stop);
            server.handle(handle).serve(service).await
        }
    }
    .map_err(|source| ServeError::Listen { address, source })
}

/// Ctrl-C or SIGTERM: requests in flight get up to 10 s to finish. A [`StopHandle`] stops
/// at once.
fn stop_on_signal<A: axum_server::Address + Send + Sync + 'static>(
    handle: axum_server::Handle<A>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let stopped = async move {
        // A handle dropped unused (plain `serve`) never stops the server.
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::spawn(async move {
        tokio::select! {
            () = stop_signal() => {
                handle.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            }
            () = stopped => handle.shutdown(),
        }
    });
}

async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
