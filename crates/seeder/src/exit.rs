//! The seeder's exit codes, in one place, and how a failure becomes one of them.
//!
//! Scripts (CI, the container entrypoint) branch on these numbers, so they are part of the
//! interface: never renumber one, only add.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | any other failure |
//! | 2 | bad command line: unknown flag, bad flag value (clap's own code) |
//! | 3 | configuration: DATABASE_URL missing or malformed, unreadable `.env` |
//! | 4 | cannot reach the server (refused, unknown host, timed out) |
//! | 5 | the database named in the URL does not exist |
//! | 6 | the server rejected the credentials (password, role, pg_hba) |
//! | 7 | the tables already hold rows and `--reset` was not given |
//! | 8 | `--reset` against a non-local server without `--allow-remote` |
//! | 9 | the database has migrations this binary does not know (newer or different schema) |
//! | 10 | the run failed after it started writing (connection lost, load failed); nothing committed |
//! | 11 | `seeder verify` found violations |

use std::fmt;

use diesel::result::{ConnectionError, DatabaseErrorKind, Error as DieselError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    Success,
    Failure,
    Usage,
    Config,
    Unreachable,
    DatabaseMissing,
    AuthRejected,
    AlreadySeeded,
    RemoteResetRefused,
    SchemaMismatch,
    LoadAborted,
    VerifyFailed,
}

impl Exit {
    pub const ALL: [Exit; 12] = [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::Config,
        Exit::Unreachable,
        Exit::DatabaseMissing,
        Exit::AuthRejected,
        Exit::AlreadySeeded,
        Exit::RemoteResetRefused,
        Exit::SchemaMismatch,
        Exit::LoadAborted,
        Exit::VerifyFailed,
    ];

    pub const fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Config => 3,
            Exit::Unreachable => 4,
            Exit::DatabaseMissing => 5,
            Exit::AuthRejected => 6,
            Exit::AlreadySeeded => 7,
            Exit::RemoteResetRefused => 8,
            Exit::SchemaMismatch => 9,
            Exit::LoadAborted => 10,
            Exit::VerifyFailed => 11,
        }
    }

    pub const fn describe(self) -> &'static str {
        match self {
            Exit::Success => "success",
            Exit::Failure => "any other failure",
            Exit::Usage => "bad command line (unknown flag, bad flag value)",
            Exit::Config => "DATABASE_URL missing or malformed, unreadable .env",
            Exit::Unreachable => "cannot reach the server (refused, unknown host, timed out)",
            Exit::DatabaseMissing => "the database does not exist",
            Exit::AuthRejected => "the server rejected the credentials",
            Exit::AlreadySeeded => "tables already hold rows and --reset was not given",
            Exit::RemoteResetRefused => "--reset against a non-local server without --allow-remote",
            Exit::SchemaMismatch => "the database has migrations this binary does not embed",
            Exit::LoadAborted => "the run failed while writing; nothing was committed",
            Exit::VerifyFailed => "seeder verify found violations",
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

/// An error that knows which exit code it deserves and what the user can do about it.
pub trait Classify {
    fn exit(&self) -> Exit;
    fn hint(&self) -> Option<String>;
}

/// What the user is told when a run fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
}

/// Classification of a libpq/server message that reached us without a typed error around it.
pub fn classify_message(message: &str) -> Exit {
    let lower = message.to_ascii_lowercase();
    if lower.contains("does not exist") && lower.contains("database \"") {
        Exit::DatabaseMissing
    } else if lower.contains("password authentication failed")
        || lower.contains("authentication failed")
        || lower.contains("no pg_hba.conf entry")
        || (lower.contains("role \"") && lower.contains("does not exist"))
        || lower.contains("no password supplied")
        || lower.contains("password is required")
    {
        Exit::AuthRejected
    } else if lower.contains("connection refused")
        || lower.contains("timeout expired")
        || lower.contains("could not translate host name")
        || lower.contains("no route to host")
        || lower.contains("network is unreachable")
        || lower.contains("could not connect to server")
        || lower.contains("no such file or directory") && lower.contains("socket")
    {
        Exit::Unreachable
    } else if is_connection_lost_message(&lower) {
        Exit::LoadAborted
    } else {
        Exit::Failure
    }
}

fn is_connection_lost_message(lower: &str) -> bool {
    lower.contains("server closed the connection")
        || lower.contains("terminating connection")
        || lower.contains("connection to server was lost")
        || lower.contains("no connection to the server")
        || lower.contains("could not receive data from server")
        || lower.contains("could not send data to server")
        || lower.contains("ssl syscall error")
        || lower.contains("connection reset by peer")
        || lower.contains("broken pipe")
}

/// Whether a Diesel error means the connection is gone (rather than a statement failing).
pub fn is_connection_lost(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => true,
        DieselError::BrokenTransactionManager => true,
        other => is_connection_lost_message(&other.to_string().to_ascii_lowercase()),
    }
}

/// Exit code for an untyped Diesel connection error (from `establish`).
pub fn classify_connection_error(error: &ConnectionError) -> Exit {
    match error {
        ConnectionError::InvalidConnectionUrl(_) => Exit::Config,
        other => classify_message(&other.to_string()),
    }
}

/// Turns the error that ended a run into what the user sees. The first typed error in the
/// chain decides the exit code and hint; the message is the whole chain on one line, with every
/// secret (the URL's password) replaced.
pub fn report(error: &anyhow::Error, secrets: &[String]) -> Report {
    let mut exit = None;
    let mut hint = None;
    for cause in error.chain() {
        if let Some(classified) = as_classified(cause) {
            exit = Some(classified.exit());
            hint = classified.hint();
            break;
        }
        if let Some(diesel_error) = cause.downcast_ref::<DieselError>() {
            let by_message = if is_connection_lost(diesel_error) {
                Exit::LoadAborted
            } else {
                classify_message(&diesel_error.to_string())
            };
            exit = Some(by_message);
            hint = default_hint(by_message);
            break;
        }
        if let Some(connection_error) = cause.downcast_ref::<ConnectionError>() {
            let by_message = classify_connection_error(connection_error);
            exit = Some(by_message);
            hint = default_hint(by_message);
            break;
        }
    }
    let exit = exit.unwrap_or(Exit::Failure);
    let message = one_line(&chain_message(error), secrets);
    let hint = hint
        .or_else(|| default_hint(exit))
        .map(|hint| one_line(&hint, secrets));
    Report {
        exit,
        message,
        hint,
    }
}

fn as_classified<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a dyn Classify> {
    if let Some(e) = cause.downcast_ref::<crate::cli::UsageError>() {
        return Some(e);
    }
    if let Some(e) = cause.downcast_ref::<crate::config::ConfigError>() {
        return Some(e);
    }
    if let Some(e) = cause.downcast_ref::<crate::db::ConnectError>() {
        return Some(e);
    }
    if let Some(e) = cause.downcast_ref::<crate::seed::SeedError>() {
        return Some(e);
    }
    if let Some(e) = cause.downcast_ref::<crate::migrate::MigrateError>() {
        return Some(e);
    }
    None
}

/// The chain as `context: cause: root cause`, skipping a cause whose text its parent already
/// contains (typed errors often repeat their source).
fn chain_message(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if parts
            .last()
            .is_some_and(|previous| previous.contains(text.trim()))
        {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// Collapses libpq's multi-line messages ("...failed: Connection refused\n\tIs the server
/// running...") into one line and blanks out secrets.
pub fn one_line(text: &str, secrets: &[String]) -> String {
    let mut line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        line = line.replace(secret.as_str(), "***");
    }
    line
}

pub fn default_hint(exit: Exit) -> Option<String> {
    let hint = match exit {
        Exit::Success | Exit::Usage => return None,
        Exit::Failure => "run again with RUST_LOG=debug for more detail",
        Exit::Config => {
            "set DATABASE_URL=postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (environment, .env or --database-url)"
        }
        Exit::Unreachable => {
            "check that PostgreSQL is running and reachable at that address, or raise --connect-timeout"
        }
        Exit::DatabaseMissing => {
            "create the database first (createdb NAME) or point DATABASE_URL at an existing one"
        }
        Exit::AuthRejected => {
            "check the user name and password in DATABASE_URL and the server's pg_hba.conf"
        }
        Exit::AlreadySeeded => "pass --reset to empty the seeder's tables and seed again",
        Exit::RemoteResetRefused => {
            "pass --allow-remote as well if you really mean to empty that server's tables"
        }
        Exit::SchemaMismatch => {
            "use the seeder version that migrated this database, or a fresh database"
        }
        Exit::LoadAborted => {
            "nothing was committed and the database is as it was; check the server and run again"
        }
        Exit::VerifyFailed => "see the report above for the rules that failed",
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_distinct() {
        let codes: HashSet<u8> = Exit::ALL.iter().map(|exit| exit.code()).collect();
        assert_eq!(codes.len(), Exit::ALL.len());
    }

    #[test]
    fn libpq_messages_are_classified() {
        let refused = "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?";
        assert_eq!(classify_message(refused), Exit::Unreachable);
        assert_eq!(
            classify_message(
                "connection to server at \"10.0.0.1\", port 5432 failed: timeout expired"
            ),
            Exit::Unreachable
        );
        assert_eq!(
            classify_message(
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"nope\" does not exist"
            ),
            Exit::DatabaseMissing
        );
        assert_eq!(
            classify_message("FATAL:  password authentication failed for user \"app\""),
            Exit::AuthRejected
        );
        assert_eq!(
            classify_message("FATAL:  role \"ghost\" does not exist"),
            Exit::AuthRejected
        );
        assert_eq!(
            classify_message("terminating connection due to administrator command"),
            Exit::LoadAborted
        );
        assert_eq!(classify_message("syntax error at or near"), Exit::Failure);
    }

    #[test]
    fn messages_become_one_line_without_secrets() {
        let text = "failed for user \"app\"\n\tpassword s3cret! was wrong";
        assert_eq!(
            one_line(text, &["s3cret!".to_owned()]),
            "failed for user \"app\" password *** was wrong"
        );
    }

    #[test]
    fn report_uses_the_first_typed_cause() {
        let error = anyhow::Error::new(crate::config::ConfigError::MissingUrl {
            searched: vec!["/tmp/x/.env".into()],
        })
        .context("reading the configuration");
        let report = report(&error, &[]);
        assert_eq!(report.exit, Exit::Config);
        assert!(
            report
                .message
                .starts_with("reading the configuration: DATABASE_URL is not set")
        );
        assert!(report.hint.is_some());
    }
}
