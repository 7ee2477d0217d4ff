//! The embedded migrations and the rules for applying them.
//!
//! Diesel takes no lock while migrating, so callers run this inside a transaction that already
//! holds the seeder's advisory lock ([`crate::seed::ADVISORY_LOCK_KEY`]). Postgres has
//! transactional DDL, so the migrations commit or roll back together with the seed.

use diesel::PgConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use thiserror::Error;

use crate::exit::{Classify, Exit};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

#[derive(Debug, Error)]
pub enum MigrateError {
    #[error(
        "the database has {} applied migration(s) this seeder does not know: {} (it was migrated by a newer or different version)",
        unknown.len(),
        unknown.join(", ")
    )]
    UnknownApplied { unknown: Vec<String> },
    #[error("reading the applied migrations failed: {0}")]
    Inspect(String),
    #[error("migration {version} failed: {message}")]
    Apply { version: String, message: String },
}

impl Classify for MigrateError {
    fn exit(&self) -> Exit {
        match self {
            MigrateError::UnknownApplied { .. } => Exit::SchemaMismatch,
            MigrateError::Inspect(message) | MigrateError::Apply { message, .. } => {
                match crate::exit::classify_message(message) {
                    Exit::LoadAborted => Exit::LoadAborted,
                    _ => Exit::Failure,
                }
            }
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            MigrateError::UnknownApplied { .. } => Some(
                "run the seeder version that migrated this database, or point DATABASE_URL at a fresh database".to_owned(),
            ),
            MigrateError::Inspect(_) | MigrateError::Apply { .. } => Some(
                "nothing was committed; fix the cause above and run again".to_owned(),
            ),
        }
    }
}

/// Versions embedded in this binary, oldest first.
pub fn embedded_versions() -> Result<Vec<String>, MigrateError> {
    let migrations = diesel::migration::MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
        .map_err(|error| MigrateError::Inspect(error.to_string()))?;
    let mut versions: Vec<String> = migrations
        .iter()
        .map(|migration| migration.name().version().to_string())
        .collect();
    versions.sort();
    Ok(versions)
}

/// Refuses a database that has migrations this binary does not embed, then applies the
/// pending ones. Returns the versions applied.
pub fn run_pending(conn: &mut PgConnection) -> Result<Vec<String>, MigrateError> {
    let embedded = embedded_versions()?;
    // The harness's errors are `Box<dyn Error + Send + Sync>`, which `?` cannot turn into a
    // typed error: map each one explicitly.
    let applied = conn
        .applied_migrations()
        .map_err(|error| MigrateError::Inspect(error.to_string()))?;
    let mut unknown: Vec<String> = applied
        .iter()
        .map(ToString::to_string)
        .filter(|version| !embedded.contains(version))
        .collect();
    if !unknown.is_empty() {
        unknown.sort();
        return Err(MigrateError::UnknownApplied { unknown });
    }
    let pending = conn
        .pending_migrations(MIGRATIONS)
        .map_err(|error| MigrateError::Inspect(error.to_string()))?;
    let mut done = Vec::with_capacity(pending.len());
    for migration in pending {
        let version = migration.name().version().to_string();
        conn.run_migration(&*migration)
            .map_err(|error| MigrateError::Apply {
                version: migration.name().to_string(),
                message: error.to_string(),
            })?;
        tracing::info!(migration = %migration.name(), "applied migration");
        done.push(version);
    }
    Ok(done)
}
