//! Connecting: fail fast with the server's own words, then hand out pooled connections.
//!
//! An r2d2 pool on its own turns every connection problem into "timed out waiting for
//! connection" after its checkout timeout. So the first connection is made directly, bounded
//! by libpq's `connect_timeout`, and its error (refused, unknown database, bad password) is
//! what the user sees; only then is the pool built.

use std::time::Duration;

use diesel::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use thiserror::Error;

use crate::config::DatabaseUrl;
use crate::exit::{Classify, Exit, classify_connection_error};

pub type PgPool = Pool<ConnectionManager<PgConnection>>;
pub type PgPooled = PooledConnection<ConnectionManager<PgConnection>>;

#[derive(Debug, Error)]
pub enum ConnectError {
    #[error("cannot connect to {target}: {message}")]
    Connect {
        target: String,
        message: String,
        exit: Exit,
    },
    #[error("cannot open a connection pool to {target}: {message}")]
    Pool { target: String, message: String },
}

impl Classify for ConnectError {
    fn exit(&self) -> Exit {
        match self {
            ConnectError::Connect { exit, .. } => *exit,
            ConnectError::Pool { .. } => Exit::Unreachable,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            ConnectError::Connect { target, exit, .. } => Some(match exit {
                Exit::DatabaseMissing => {
                    format!(
                        "create the database first (createdb), or point DATABASE_URL at an existing one; target was {target}"
                    )
                }
                Exit::AuthRejected => {
                    "check the user name and password in DATABASE_URL and the server's pg_hba.conf"
                        .to_owned()
                }
                Exit::Config => {
                    "use the form postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE".to_owned()
                }
                _ => format!(
                    "check that PostgreSQL is running and accepts connections at {target}, or raise --connect-timeout"
                ),
            }),
            ConnectError::Pool { .. } => Some(
                "the server accepted one connection but not the pool's; check max_connections"
                    .to_owned(),
            ),
        }
    }
}

/// Makes one direct connection to learn whether (and why not) the server can be reached.
pub fn probe(url: &DatabaseUrl, connect_timeout_secs: u64) -> Result<PgConnection, ConnectError> {
    PgConnection::establish(&url.connection_string(connect_timeout_secs)).map_err(|error| {
        ConnectError::Connect {
            target: url.redacted(),
            exit: match classify_connection_error(&error) {
                // Whatever libpq said that we could not place, it did not let us in.
                Exit::Failure | Exit::LoadAborted => Exit::Unreachable,
                exit => exit,
            },
            message: error.to_string(),
        }
    })
}

/// Probes the server, then builds the pool the seed runs through. The seed is one
/// transaction on one connection, so the pool holds one; its checkout timeout matches the
/// connect timeout so nothing waits longer than the user asked.
pub fn connect(url: &DatabaseUrl, connect_timeout_secs: u64) -> Result<PgPool, ConnectError> {
    drop(probe(url, connect_timeout_secs)?);
    tracing::debug!(target = %url.redacted(), "server reachable; building the connection pool");
    let manager =
        ConnectionManager::<PgConnection>::new(url.connection_string(connect_timeout_secs));
    Pool::builder()
        .max_size(1)
        .min_idle(Some(0))
        .connection_timeout(Duration::from_secs(connect_timeout_secs.max(1) * 2))
        .test_on_check_out(false)
        .build(manager)
        .map_err(|error| ConnectError::Pool {
            target: url.redacted(),
            message: error.to_string(),
        })
}

/// Checks a connection out of the pool.
pub fn checkout(pool: &PgPool, url: &DatabaseUrl) -> Result<PgPooled, ConnectError> {
    pool.get().map_err(|error| ConnectError::Pool {
        target: url.redacted(),
        message: error.to_string(),
    })
}
