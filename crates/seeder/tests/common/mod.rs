//! Test harness: one throwaway database per test, and the built binary as a process.
//!
//! Each test gets its own database (created from `TEST_DATABASE_URL`, dropped WITH (FORCE) on
//! drop), so tests run in parallel without seeing each other and leave nothing behind.

#![allow(dead_code)] // each test file uses a different part of the harness

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::{PgConnection, QueryableByName};
use url::Url;

pub const DEFAULT_TEST_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The reference run of the acceptance criteria.
pub const SEED_ARGS: [&str; 4] = ["--seed", "12345", "--now", "2026-01-15T12:00:00Z"];

pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.to_owned())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

#[derive(Debug)]
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// A fresh, empty database (no migrations applied).
    pub fn new() -> Self {
        let name = format!(
            "seeder_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.subsec_nanos())
                .unwrap_or(0)
        );
        let mut admin =
            PgConnection::establish(&admin_url()).expect("connect to TEST_DATABASE_URL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create test database");
        let mut url = Url::parse(&admin_url()).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&name);
        Self {
            name,
            url: url.into(),
        }
    }

    /// A fresh database with the embedded migrations applied.
    pub fn migrated() -> Self {
        let db = Self::new();
        let mut conn = db.conn();
        seeder::seed::migrate_only(&mut conn).expect("migrate");
        db
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("connect to test database")
    }

    /// The URL with a password added, for tests that check it never leaks. Trust auth
    /// ignores it.
    pub fn url_with_password(&self, password: &str) -> String {
        let mut url = Url::parse(&self.url).expect("url");
        url.set_password(Some(password)).expect("set password");
        url.into()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&admin_url()) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}

/// Runs the seeder binary with `args` against `url` (None: no DATABASE_URL anywhere) from
/// `cwd`, with no inherited DATABASE_URL, PGHOST or RUST_LOG.
pub fn seeder_in(cwd: &Path, url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seeder"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .env_remove("PGHOST")
        .env_remove("RUST_LOG");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    command.output().expect("run seeder")
}

pub fn seeder(url: &str, args: &[&str]) -> Output {
    seeder_in(&std::env::temp_dir(), Some(url), args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts success and returns stdout.
pub fn assert_ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "seeder failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Digest {
    #[diesel(sql_type = Text)]
    digest: String,
}

/// `SELECT count(*)`-style query returning one bigint column named `n`.
pub fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

pub fn rows(conn: &mut PgConnection, table: &str) -> i64 {
    count(conn, &format!("SELECT count(*) AS n FROM {table}"))
}

/// md5 of a table's full contents, in id order.
pub fn table_digest(conn: &mut PgConnection, table: &str) -> String {
    diesel::sql_query(format!(
        "SELECT coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t.id)), 'empty') AS digest FROM {table} t"
    ))
    .get_result::<Digest>(conn)
    .unwrap_or_else(|e| panic!("digest of {table}: {e}"))
    .digest
}

pub fn all_digests(conn: &mut PgConnection) -> Vec<(String, String)> {
    schema::TABLES
        .iter()
        .map(|table| ((*table).to_owned(), table_digest(conn, table)))
        .collect()
}

/// Whether any of the seeder's tables exist in the database.
pub fn tables_exist(conn: &mut PgConnection) -> bool {
    count(
        conn,
        "SELECT count(*) AS n FROM pg_class WHERE relname = 'users' AND relkind = 'r'",
    ) > 0
}
