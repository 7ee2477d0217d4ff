//! The default command: migrate and seed in one transaction, under an advisory lock.
//!
//! Everything (migrations, the emptiness check, the optional reset, every row) happens in a
//! single transaction, so a failure anywhere, including a dropped connection, leaves the
//! database exactly as it was. The transaction-scoped advisory lock makes two seeders started
//! together run one after the other: the second sees the first one's committed seed and then
//! resets or refuses, so the end state is always one consistent seed.

use diesel::PgConnection;
use diesel::connection::Connection;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel::sql_types::{BigInt, Bool};
use generator::Generator;
use thiserror::Error;

use crate::exit::{Classify, Exit, classify_message, default_hint, is_connection_lost};
use crate::load::{self, LoadError, LoadMethod, LoadOptions, LoadReport};
use crate::migrate::{self, MigrateError};
use crate::progress::Progress;

/// The seeder's advisory lock: "SEEDER" in ASCII. Any fixed number works as long as every
/// seeder version uses the same one.
pub const ADVISORY_LOCK_KEY: i64 = 0x5345_4544_4552;

#[derive(Debug, Error)]
pub enum SeedError {
    #[error("the database already holds data in {}; refusing to seed over it", tables.join(", "))]
    AlreadySeeded { tables: Vec<String> },
    #[error(
        "refusing --reset on {target}: it is not a local server (only localhost, loopback addresses and Unix sockets count as local)"
    )]
    RemoteReset { target: String },
    #[error(transparent)]
    Migrate(#[from] MigrateError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Database(#[from] DieselError),
    #[error("lost the connection to the server in the middle of the run ({message})")]
    ConnectionLost { message: String },
}

impl Classify for SeedError {
    fn exit(&self) -> Exit {
        match self {
            SeedError::AlreadySeeded { .. } => Exit::AlreadySeeded,
            SeedError::RemoteReset { .. } => Exit::RemoteResetRefused,
            SeedError::Migrate(error) => error.exit(),
            SeedError::Load(_) | SeedError::ConnectionLost { .. } => Exit::LoadAborted,
            SeedError::Database(error) if is_connection_lost(error) => Exit::LoadAborted,
            SeedError::Database(error) => match classify_message(&error.to_string()) {
                Exit::LoadAborted => Exit::LoadAborted,
                _ => Exit::Failure,
            },
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            SeedError::AlreadySeeded { .. } => Some(
                "pass --reset to empty exactly the seeder's ten tables and seed again, or use an empty database".to_owned(),
            ),
            SeedError::RemoteReset { .. } => Some(
                "add --allow-remote if you really mean to empty that server's tables".to_owned(),
            ),
            SeedError::Migrate(error) => error.hint(),
            SeedError::Database(_) if self.exit() == Exit::Failure => Some(
                "nothing was committed and the database is as it was; fix the cause above and run again".to_owned(),
            ),
            other => default_hint(other.exit()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct SeedOptions {
    pub reset: bool,
    pub method: LoadMethod,
    pub rebuild_indexes: bool,
    pub plans_per_batch: u32,
}

/// What a seed run did.
#[derive(Debug, Clone, Default)]
pub struct SeedOutcome {
    pub migrations_applied: Vec<String>,
    /// Tables that held rows and were emptied by `--reset`.
    pub reset_tables: Vec<String>,
    pub load: LoadReport,
    pub freeze: bool,
}

/// Takes the seeder's lock for the rest of the current transaction, saying so when another
/// seeder holds it.
pub fn lock(conn: &mut PgConnection) -> Result<(), DieselError> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let got = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
        .bind::<BigInt, _>(ADVISORY_LOCK_KEY)
        .get_result::<Locked>(conn)?;
    if !got.locked {
        tracing::info!("another seeder holds the lock on this database; waiting for it to finish");
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(ADVISORY_LOCK_KEY)
            .execute(conn)?;
    }
    Ok(())
}

/// Tables of this schema that hold at least one row.
pub fn non_empty_tables(conn: &mut PgConnection) -> Result<Vec<String>, DieselError> {
    #[derive(QueryableByName)]
    struct Filled {
        #[diesel(sql_type = Bool)]
        filled: bool,
    }
    let mut filled = Vec::new();
    for table in schema::TABLES {
        // Table names come from the compiled-in schema, never from input.
        let row = diesel::sql_query(format!("SELECT EXISTS (SELECT 1 FROM {table}) AS filled"))
            .get_result::<Filled>(conn)?;
        if row.filled {
            filled.push(table.to_owned());
        }
    }
    Ok(filled)
}

/// Empties exactly the seeder's tables, in one statement (Postgres requires every table of a
/// foreign-key cycle in the same TRUNCATE, and ours reference each other). No CASCADE: if a
/// table outside this schema references them, Postgres refuses instead of emptying it too.
pub fn truncate_all(conn: &mut PgConnection) -> Result<(), DieselError> {
    diesel::sql_query(format!("TRUNCATE {}", schema::TABLES.join(", "))).execute(conn)?;
    Ok(())
}

/// Migrates and seeds. Runs its own transaction on `conn`.
pub fn run(
    conn: &mut PgConnection,
    generator: &Generator,
    options: SeedOptions,
    progress: &mut Progress,
) -> Result<SeedOutcome, SeedError> {
    conn.transaction::<_, SeedError, _>(|conn| {
        lock(conn)?;
        let migrations_applied = migrate::run_pending(conn)?;
        let filled = non_empty_tables(conn)?;
        if !filled.is_empty() && !options.reset {
            return Err(SeedError::AlreadySeeded { tables: filled });
        }
        // Truncating (even empty tables) makes COPY FREEZE legal and lets Postgres skip
        // per-row visibility work. A table outside the schema that references ours would make
        // the TRUNCATE fail; then, with nothing to reset, load without FREEZE or rebuild.
        let outside = crate::constraints::outside_references(conn, &schema::TABLES)?;
        let can_truncate = outside.is_empty() || !filled.is_empty();
        if can_truncate {
            truncate_all(conn)?;
        } else {
            tracing::info!(references = %outside.join(", "), "tables outside the schema reference ours; loading without FREEZE");
        }
        if !filled.is_empty() {
            tracing::info!(tables = %filled.join(", "), "--reset: emptied the seeder's tables");
        }
        let freeze = can_truncate && outside.is_empty();
        let load_options = LoadOptions {
            method: options.method,
            freeze: freeze && options.method == LoadMethod::Copy,
            rebuild_indexes: options.rebuild_indexes && outside.is_empty(),
            plans_per_batch: options.plans_per_batch,
        };
        let load = load::load(conn, generator, load_options, progress)?;
        Ok(SeedOutcome { migrations_applied, reset_tables: filled, load, freeze: load_options.freeze })
    })
    .map_err(name_connection_loss)
}

/// When the connection dies, Diesel reports the failed ROLLBACK ("no connection to the
/// server"), which does not say what happened; say it.
fn name_connection_loss(error: SeedError) -> SeedError {
    match error {
        SeedError::Database(error) if is_connection_lost(&error) => SeedError::ConnectionLost {
            message: error.to_string().trim().to_owned(),
        },
        other => other,
    }
}

/// `seeder migrate`: the migrations alone, under the same lock.
pub fn migrate_only(conn: &mut PgConnection) -> Result<Vec<String>, SeedError> {
    conn.transaction::<_, SeedError, _>(|conn| {
        lock(conn)?;
        Ok(migrate::run_pending(conn)?)
    })
    .map_err(name_connection_loss)
}
