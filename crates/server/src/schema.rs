//! The server's own tables, beside the results store's (whose `sessions` and `turns` hold what
//! the server computed): accounts, cohorts and teams, sign-in tokens, the sessions the server
//! started, what was submitted, and competitions. An administrator creates and upgrades them
//! with `rapport server migrate`; the server itself only reads and writes rows, so its database
//! role needs no right to change the schema.

use rapport_store::backend::{Param, Sql};
use rapport_store::{Store, StoreError};

/// The server schema this build uses.
pub const SERVER_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// One step, as statements each database accepts; `{id}` is the dialect's auto-numbered key.
const MIGRATIONS: &[&[&str]] = &[
    // 1: accounts, cohorts, teams, tokens, sign-in failures, competitions, started sessions and
    // submissions.
    &[
        "CREATE TABLE accounts (
        id            {id},
        name          TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'trainer', 'trainee')),
        cohort_id     BIGINT,
        team          TEXT NOT NULL DEFAULT '',
        created_at    BIGINT NOT NULL
    )",
        "CREATE TABLE cohorts (
        id            {id},
        name          TEXT NOT NULL UNIQUE,
        trainer_id    BIGINT NOT NULL REFERENCES accounts (id),
        created_at    BIGINT NOT NULL
    )",
        "CREATE TABLE teams (
        cohort_id     BIGINT NOT NULL REFERENCES cohorts (id),
        name          TEXT NOT NULL,
        PRIMARY KEY (cohort_id, name)
    )",
        // Only a digest of each token is kept: a copy of the database signs nobody in.
        "CREATE TABLE tokens (
        digest        TEXT PRIMARY KEY NOT NULL,
        account_id    BIGINT NOT NULL REFERENCES accounts (id),
        created_at    BIGINT NOT NULL
    )",
        "CREATE TABLE sign_in_failures (
        name          TEXT NOT NULL,
        at_ms         BIGINT NOT NULL
    )",
        "CREATE INDEX sign_in_failures_by_name ON sign_in_failures (name, at_ms)",
        "CREATE TABLE competitions (
        id            {id},
        name          TEXT NOT NULL,
        cohort_id     BIGINT NOT NULL REFERENCES cohorts (id),
        starts_at     BIGINT NOT NULL,
        ends_at       BIGINT NOT NULL,
        assessment    BIGINT NOT NULL,
        created_by    BIGINT NOT NULL REFERENCES accounts (id)
    )",
        "CREATE TABLE competition_versions (
        competition_id BIGINT NOT NULL REFERENCES competitions (id),
        content_hash   TEXT NOT NULL,
        PRIMARY KEY (competition_id, content_hash)
    )",
        "CREATE TABLE competition_teams (
        competition_id BIGINT NOT NULL REFERENCES competitions (id),
        team           TEXT NOT NULL,
        PRIMARY KEY (competition_id, team)
    )",
        // A session the server started: its id, seed and version are the server's.
        "CREATE TABLE plays (
        uid            TEXT PRIMARY KEY NOT NULL,
        account_id     BIGINT NOT NULL REFERENCES accounts (id),
        content_hash   TEXT NOT NULL,
        seed           BIGINT NOT NULL,
        competition_id BIGINT REFERENCES competitions (id),
        issued_at_ms   BIGINT NOT NULL
    )",
        // What was submitted, and what the server computed from it (the session itself, turn by
        // turn, is in the store's `sessions` and `turns`).
        "CREATE TABLE submissions (
        uid            TEXT PRIMARY KEY NOT NULL,
        account_id     BIGINT NOT NULL REFERENCES accounts (id),
        cohort_id      BIGINT REFERENCES cohorts (id),
        team           TEXT NOT NULL,
        content_hash   TEXT NOT NULL,
        scenario_id    TEXT NOT NULL,
        competition_id BIGINT REFERENCES competitions (id),
        fingerprint    TEXT NOT NULL,
        ending         TEXT,
        score          BIGINT,
        csat           BIGINT,
        nps            BIGINT,
        retention      TEXT,
        ranked         BIGINT NOT NULL,
        imported       BIGINT NOT NULL,
        received_at_ms BIGINT NOT NULL
    )",
        "CREATE INDEX submissions_by_board ON submissions (content_hash, cohort_id, ranked)",
        "CREATE TABLE server_schema (version BIGINT NOT NULL)",
        "INSERT INTO server_schema (version) VALUES (0)",
    ],
    // 2: a session a trainer started for a trainee at the trainer's keyboard (a hot-seat match
    // played as a competition round): the trainer proctors it and submits it.
    &["ALTER TABLE plays ADD COLUMN proctor_id BIGINT REFERENCES accounts (id)"],
    // 3: forwarding to learning record stores. A submission is waiting for an LRS until a
    // delivery row says it took it; failed tries and the one server that forwards (a lease)
    // are rows too, so a restart or a second server picks up where forwarding stopped.
    &[
        "CREATE TABLE lrs_deliveries (
        endpoint        TEXT NOT NULL,
        uid             TEXT NOT NULL,
        delivered_at_ms BIGINT NOT NULL,
        PRIMARY KEY (endpoint, uid)
    )",
        "CREATE TABLE lrs_attempts (
        endpoint        TEXT NOT NULL,
        uid             TEXT NOT NULL,
        attempts        BIGINT NOT NULL,
        next_at_ms      BIGINT NOT NULL,
        last_error      TEXT NOT NULL,
        PRIMARY KEY (endpoint, uid)
    )",
        "CREATE TABLE lrs_leases (
        endpoint        TEXT PRIMARY KEY NOT NULL,
        holder          TEXT NOT NULL,
        until_ms        BIGINT NOT NULL
    )",
        "CREATE INDEX submissions_by_receipt ON submissions (received_at_ms, uid)",
    ],
    // 4: typed replies. A session played by typing, its words checked, ranks on boards of its
    // own; every session submitted before was chosen.
    &["ALTER TABLE submissions ADD COLUMN typed BIGINT NOT NULL DEFAULT 0"],
];

/// The auto-numbered key of each dialect.
fn with_dialect(statement: &str, postgres: bool) -> String {
    let id = if postgres {
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    } else {
        "INTEGER PRIMARY KEY"
    };
    statement.replace("{id}", id)
}

/// The server schema version of `sql`'s database: 0 before the first migration.
fn version(sql: &mut dyn Sql, postgres: bool) -> Result<i64, StoreError> {
    let exists = if postgres {
        sql.query(
            "SELECT 1 WHERE to_regclass('server_schema') IS NOT NULL",
            &[],
        )?
    } else {
        sql.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'server_schema'",
            &[],
        )?
    };
    if exists.is_empty() {
        return Ok(0);
    }
    let rows = sql.query("SELECT MAX(version) FROM server_schema", &[])?;
    Ok(rows.first().map(|row| row.int(0)).transpose()?.unwrap_or(0))
}

/// Brings the results store's schema and the server's up to date (an administrator's command).
/// Returns the server schema version now in place.
pub fn migrate(store: &mut Store) -> Result<i64, StoreError> {
    let postgres = store.is_shared();
    store.write(|sql| {
        if postgres {
            // One migrator at a time, as the store's own migration does.
            sql.execute("SELECT pg_advisory_xact_lock(7263000002)", &[])?;
        }
        let found = version(sql, postgres)?;
        for (step, statements) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
            for statement in *statements {
                sql.execute(&with_dialect(statement, postgres), &[])?;
            }
            sql.execute(
                "UPDATE server_schema SET version = $1",
                &[Param::Int(Some(step as i64 + 1))],
            )?;
        }
        version(sql, postgres)
    })
}

/// The server schema version of an open store, unchanged.
pub fn current_version(store: &mut Store) -> Result<i64, StoreError> {
    let postgres = store.is_shared();
    store.read(|sql| version(sql, postgres))
}
