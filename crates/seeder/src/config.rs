//! Where the database URL comes from, what it points at, and how to talk about it safely.
//!
//! Precedence: `--database-url`, then the `DATABASE_URL` environment variable, then a `.env`
//! file found by walking up from the current directory to the workspace root (so the seeder
//! works from any folder of the checkout). The URL is only ever shown as `host:port/database`:
//! it usually carries a password.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use thiserror::Error;
use url::Url;

use crate::exit::{Classify, Exit};

pub const ENV_VAR: &str = "DATABASE_URL";
const ENV_FILE: &str = ".env";
/// Identifies the seeder's sessions in `pg_stat_activity` (and lets tests find them).
pub const APPLICATION_NAME: &str = "seeder";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error(
        "DATABASE_URL is not set: no --database-url flag, no DATABASE_URL in the environment, and no DATABASE_URL in {}",
        describe_searched(searched)
    )]
    MissingUrl { searched: Vec<PathBuf> },
    #[error("DATABASE_URL from {origin} is not a valid PostgreSQL URL: {reason}")]
    MalformedUrl { origin: UrlOrigin, reason: String },
    #[error("cannot read {}: {message}", path.display())]
    EnvFile { path: PathBuf, message: String },
}

fn describe_searched(searched: &[PathBuf]) -> String {
    if searched.is_empty() {
        return "any .env file".to_owned();
    }
    let paths: Vec<String> = searched
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    format!("{} (searched up to the workspace root)", paths.join(", "))
}

impl Classify for ConfigError {
    fn exit(&self) -> Exit {
        Exit::Config
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            ConfigError::MissingUrl { .. } => "export DATABASE_URL=postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, pass --database-url, or copy .env.sample to .env at the workspace root".to_owned(),
            ConfigError::MalformedUrl { .. } => "use the form postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (percent-encode special characters in the password)".to_owned(),
            ConfigError::EnvFile { path, .. } => format!("fix or remove {}", path.display()),
        })
    }
}

/// Where the URL was found, for messages (never the URL itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlOrigin {
    Flag,
    Environment,
    EnvFile(PathBuf),
}

impl fmt::Display for UrlOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlOrigin::Flag => f.write_str("--database-url"),
            UrlOrigin::Environment => f.write_str("the environment"),
            UrlOrigin::EnvFile(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Finds the URL: flag, environment, then `.env` from `start` up to the workspace root.
pub fn resolve_url(
    flag: Option<&str>,
    environment: Option<String>,
    start: &Path,
) -> Result<(String, UrlOrigin), ConfigError> {
    if let Some(url) = flag {
        return Ok((url.to_owned(), UrlOrigin::Flag));
    }
    if let Some(url) = environment.filter(|url| !url.trim().is_empty()) {
        return Ok((url, UrlOrigin::Environment));
    }
    let mut searched = Vec::new();
    for dir in search_dirs(start) {
        let path = dir.join(ENV_FILE);
        if path.is_file()
            && let Some(url) = read_env_file(&path)?
        {
            return Ok((url, UrlOrigin::EnvFile(path)));
        }
        searched.push(path);
    }
    Err(ConfigError::MissingUrl { searched })
}

/// `start` and its ancestors, ending with the workspace root (the first ancestor whose
/// Cargo.toml declares `[workspace]`), or with the filesystem root outside a workspace.
pub fn search_dirs(start: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for dir in start.ancestors() {
        dirs.push(dir.to_path_buf());
        if is_workspace_root(dir) {
            return dirs;
        }
    }
    dirs
}

fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .map(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"))
        .unwrap_or(false)
}

/// Reads only DATABASE_URL from a `.env` file: the process environment is left alone, so a
/// stray variable in the file cannot change anything else about the run.
fn read_env_file(path: &Path) -> Result<Option<String>, ConfigError> {
    let entries = dotenvy::from_path_iter(path).map_err(|error| ConfigError::EnvFile {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
    for entry in entries {
        let (key, value) = entry.map_err(|error| ConfigError::EnvFile {
            path: path.to_path_buf(),
            // dotenvy's parse errors quote the offending line, which may hold the password.
            message: match error {
                dotenvy::Error::LineParse(_, index) => {
                    format!("syntax error at line position {index}")
                }
                other => other.to_string(),
            },
        })?;
        if key == ENV_VAR && !value.trim().is_empty() {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// A parsed, validated database URL.
#[derive(Clone)]
pub struct DatabaseUrl {
    url: Url,
    origin: UrlOrigin,
}

// Debug must not leak the password either.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseUrl")
            .field("target", &self.redacted())
            .field("origin", &self.origin)
            .finish()
    }
}

impl DatabaseUrl {
    pub fn parse(raw: &str, origin: UrlOrigin) -> Result<Self, ConfigError> {
        let malformed = |reason: &str| ConfigError::MalformedUrl {
            origin: origin.clone(),
            reason: reason.to_owned(),
        };
        let url = Url::parse(raw.trim()).map_err(|error| malformed(&error.to_string()))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(malformed(&format!(
                "the scheme must be postgres:// or postgresql://, not {}://",
                url.scheme()
            )));
        }
        if url.cannot_be_a_base() {
            return Err(malformed("expected postgres://HOST/DATABASE"));
        }
        if url.path().trim_start_matches('/').contains('/') {
            return Err(malformed("the path must be a single database name"));
        }
        Ok(Self { url, origin })
    }

    pub fn origin(&self) -> &UrlOrigin {
        &self.origin
    }

    /// Host as libpq will use it: the `host` query parameter wins over the URL's host; an
    /// empty host means libpq's default, `PGHOST` or the local Unix socket.
    pub fn host(&self) -> Option<String> {
        self.query("host").or_else(|| {
            self.url
                .host_str()
                .filter(|host| !host.is_empty())
                .map(str::to_owned)
        })
    }

    pub fn port(&self) -> Option<u16> {
        self.url
            .port()
            .or_else(|| self.query("port").and_then(|port| port.parse().ok()))
    }

    pub fn database(&self) -> Option<String> {
        let path = self.url.path().trim_start_matches('/');
        let name = if path.is_empty() {
            self.query("dbname")?
        } else {
            decode(path)
        };
        Some(name)
    }

    pub fn password(&self) -> Option<String> {
        self.url
            .password()
            .map(decode)
            .or_else(|| self.query("password"))
    }

    fn query(&self, key: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.into_owned())
    }

    /// `host:port/database`: what logs and messages may say about the target.
    pub fn redacted(&self) -> String {
        let host = self.host().unwrap_or_else(|| "local socket".to_owned());
        let port = self
            .port()
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        let database = self
            .database()
            .unwrap_or_else(|| "(default database)".to_owned());
        format!("{host}{port}/{database}")
    }

    /// Whether the target is this machine: localhost, a loopback address, or a Unix socket.
    /// `pghost` is the `PGHOST` environment variable, which libpq uses when the URL names no
    /// host; with neither, libpq connects to the local socket.
    pub fn is_local(&self, pghost: Option<&str>) -> bool {
        let host = match self.host() {
            Some(host) => host,
            None => match pghost.filter(|host| !host.is_empty()) {
                Some(host) => host.to_owned(),
                None => return true,
            },
        };
        host.split(',').all(is_local_host)
    }

    /// The URL to connect with: adds libpq's `connect_timeout` (so an unreachable server fails
    /// within a bounded time with its real cause) and an `application_name`, unless the user
    /// already set them.
    pub fn connection_string(&self, connect_timeout_secs: u64) -> String {
        let mut url = self.url.clone();
        let has = |key: &str| self.url.query_pairs().any(|(name, _)| name == key);
        let add_timeout = !has("connect_timeout");
        let add_name = !has("application_name");
        if add_timeout || add_name {
            let mut pairs = url.query_pairs_mut();
            if add_timeout {
                // libpq treats 0 as "wait forever" and rounds 1 up to 2 seconds.
                pairs.append_pair("connect_timeout", &connect_timeout_secs.max(1).to_string());
            }
            if add_name {
                pairs.append_pair("application_name", APPLICATION_NAME);
            }
        }
        url.into()
    }

    /// Strings that must never appear in output: the password as written and as decoded.
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        if let Some(raw) = self.url.password() {
            secrets.push(raw.to_owned());
        }
        if let Some(decoded) = self.password() {
            secrets.push(decoded);
        }
        secrets.retain(|secret| !secret.is_empty());
        secrets
    }
}

fn decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| text.to_owned())
}

fn is_local_host(host: &str) -> bool {
    let host = host.trim();
    if host.starts_with('/') || host.starts_with('@') {
        // A Unix socket directory (or an abstract socket): always this machine.
        return true;
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|ip| ip.is_loopback())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(raw: &str) -> DatabaseUrl {
        DatabaseUrl::parse(raw, UrlOrigin::Flag).expect("valid url")
    }

    #[test]
    fn redaction_shows_host_port_and_database_only() {
        let target = url("postgres://app:s3cr%40t@db.example.com:6543/learning?sslmode=require");
        assert_eq!(target.redacted(), "db.example.com:6543/learning");
        assert_eq!(target.password().as_deref(), Some("s3cr@t"));
        assert!(target.secrets().contains(&"s3cr%40t".to_owned()));
        assert!(target.secrets().contains(&"s3cr@t".to_owned()));
        assert!(!format!("{target:?}").contains("s3cr"));
        assert_eq!(
            url("postgres:///dev?host=/var/run/postgresql").redacted(),
            "/var/run/postgresql/dev"
        );
        assert_eq!(
            url("postgresql://localhost").redacted(),
            "localhost/(default database)"
        );
    }

    #[test]
    fn locality() {
        for local in [
            "postgres://localhost/db",
            "postgres://LOCALHOST:5433/db",
            "postgres://127.0.0.1/db",
            "postgres://127.8.9.10/db",
            "postgres://[::1]:5432/db",
            "postgres:///db",
            "postgres:///db?host=/tmp",
            "postgres://u:p@localhost/db",
        ] {
            assert!(url(local).is_local(None), "{local} should be local");
        }
        for remote in [
            "postgres://db.example.com/db",
            "postgres://10.0.0.5/db",
            "postgres://[2001:db8::1]/db",
            "postgres://localhost.example.com/db",
            "postgres://localhost/db?host=db.internal",
        ] {
            assert!(!url(remote).is_local(None), "{remote} should be remote");
        }
        assert!(!url("postgres:///db").is_local(Some("prod.example.com")));
        assert!(url("postgres:///db").is_local(Some("/run/postgresql")));
    }

    #[test]
    fn malformed_urls_are_rejected_without_echoing_them() {
        for bad in [
            "mysql://u:hunter2@localhost/db",
            "postgres://u:hunter2@localhost:notaport/db",
            "not a url hunter2",
            "postgres://u:hunter2@localhost/a/b",
        ] {
            let error = DatabaseUrl::parse(bad, UrlOrigin::Environment).expect_err(bad);
            assert!(!error.to_string().contains("hunter2"), "{error}");
        }
    }

    #[test]
    fn connection_string_adds_timeout_and_name_once() {
        let target = url("postgres://u@localhost/db");
        assert_eq!(
            target.connection_string(7),
            "postgres://u@localhost/db?connect_timeout=7&application_name=seeder"
        );
        let target = url("postgres://u@localhost/db?connect_timeout=3&application_name=mine");
        assert_eq!(
            target.connection_string(7),
            "postgres://u@localhost/db?connect_timeout=3&application_name=mine"
        );
    }

    #[test]
    fn precedence_flag_then_environment_then_env_file() {
        let dir = std::env::temp_dir().join(format!("seeder-config-{}", std::process::id()));
        let nested = dir.join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        std::fs::write(
            dir.join(".env"),
            "# comment\nOTHER=1\nDATABASE_URL=postgres://file/db\n",
        )
        .unwrap();

        let (found, origin) = resolve_url(
            Some("postgres://flag/db"),
            Some("postgres://env/db".into()),
            &nested,
        )
        .unwrap();
        assert_eq!(
            (found.as_str(), origin),
            ("postgres://flag/db", UrlOrigin::Flag)
        );
        let (found, origin) = resolve_url(None, Some("postgres://env/db".into()), &nested).unwrap();
        assert_eq!(
            (found.as_str(), origin),
            ("postgres://env/db", UrlOrigin::Environment)
        );
        let (found, origin) = resolve_url(None, None, &nested).unwrap();
        assert_eq!(
            (found.as_str(), origin),
            ("postgres://file/db", UrlOrigin::EnvFile(dir.join(".env")))
        );

        std::fs::remove_file(dir.join(".env")).unwrap();
        let error = resolve_url(None, None, &nested).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(&nested.join(".env").display().to_string()),
            "{message}"
        );
        assert!(
            message.contains(&dir.join(".env").display().to_string()),
            "{message}"
        );
        // The walk stops at the workspace root.
        assert!(
            !message.contains(&dir.parent().unwrap().join(".env").display().to_string()),
            "{message}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
