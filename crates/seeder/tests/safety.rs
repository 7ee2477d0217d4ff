//! Issue 4: bad input, faults and concurrency. Every failure must be one `error:` line plus a
//! `hint:` line, a distinct exit code, no password anywhere, and an unchanged database.

mod common;

use std::net::TcpListener;
use std::process::Output;
use std::time::{Duration, Instant};

use common::{
    SEED_ARGS, TestDb, all_digests, assert_ok, count, seeder, seeder_in, stderr, stdout,
    tables_exist,
};
use diesel::prelude::*;

const PASSWORD: &str = "hunter2-Secret";

/// The failure contract: exit code, the message, no panic, no password.
fn assert_failure(output: &Output, code: i32, needle: &str) {
    let err = stderr(output);
    let all = format!("{}{}", stdout(output), err);
    assert_eq!(output.status.code(), Some(code), "stderr:\n{err}");
    let error_lines: Vec<&str> = err
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect();
    assert_eq!(
        error_lines.len(),
        1,
        "exactly one error line expected:\n{err}"
    );
    assert!(
        error_lines[0].contains(needle),
        "expected {needle:?} in {:?}",
        error_lines[0]
    );
    assert!(!all.contains(PASSWORD), "password leaked:\n{all}");
    assert!(
        !all.contains("panicked") && !all.contains("RUST_BACKTRACE"),
        "panic:\n{all}"
    );
}

fn assert_hint(output: &Output) {
    assert!(
        stderr(output)
            .lines()
            .any(|line| line.starts_with("hint: ")),
        "no hint:\n{}",
        stderr(output)
    );
}

/// A port on which nothing listens (bound, then released).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap()
}

#[test]
fn missing_database_url_says_where_it_looked() {
    let dir = std::env::temp_dir().join(format!("seeder-no-env-{}", std::process::id()));
    let nested = dir.join("deeper");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\n").unwrap();
    let output = seeder_in(&nested, None, &SEED_ARGS);
    assert_failure(&output, 3, "DATABASE_URL is not set");
    assert!(
        stderr(&output).contains(&dir.join(".env").display().to_string()),
        "{}",
        stderr(&output)
    );
    assert_hint(&output);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn env_file_is_found_from_a_subfolder_of_the_workspace() {
    let db = TestDb::new();
    let dir = std::env::temp_dir().join(format!("seeder-env-{}", std::process::id()));
    let nested = dir.join("crates/x/src");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    std::fs::write(
        dir.join(".env"),
        format!("DATABASE_URL={}\n", db.url_with_password(PASSWORD)),
    )
    .unwrap();
    let output = seeder_in(&nested, None, &["migrate"]);
    let out = assert_ok(&output);
    assert!(out.contains("applied 7 migration(s)"), "{out}");
    assert!(!format!("{out}{}", stderr(&output)).contains(PASSWORD));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn malformed_urls_are_configuration_errors() {
    for url in [
        format!("mysql://app:{PASSWORD}@127.0.0.1/db"),
        format!("postgres://app:{PASSWORD}@127.0.0.1:notaport/db"),
        format!("just some text {PASSWORD}"),
    ] {
        let output = seeder(&url, &SEED_ARGS);
        assert_failure(&output, 3, "is not a valid PostgreSQL URL");
        assert_hint(&output);
    }
}

#[test]
fn refused_connection_is_unreachable() {
    let url = format!(
        "postgres://postgres:{PASSWORD}@127.0.0.1:{}/postgres",
        closed_port()
    );
    let output = seeder(&url, &SEED_ARGS);
    assert_failure(&output, 4, "Connection refused");
    assert!(
        stderr(&output).contains("127.0.0.1:"),
        "{}",
        stderr(&output)
    );
    assert_hint(&output);
}

#[test]
fn silent_server_times_out_with_the_real_cause() {
    // Accepts TCP connections (the kernel does, from the backlog) but never speaks.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("postgres://postgres:{PASSWORD}@127.0.0.1:{port}/postgres");
    let output = seeder(&url, &["--connect-timeout", "2", "--seed", "1"]);
    assert_failure(&output, 4, "timeout expired");
    drop(listener);
}

#[test]
fn missing_database() {
    let db = TestDb::new();
    let url = db
        .url_with_password(PASSWORD)
        .replace(&db.name, "seeder_no_such_database");
    let output = seeder(&url, &SEED_ARGS);
    assert_failure(
        &output,
        5,
        "database \"seeder_no_such_database\" does not exist",
    );
    assert_hint(&output);
}

#[test]
fn rejected_credentials() {
    let db = TestDb::new();
    let mut url = url::Url::parse(&db.url_with_password(PASSWORD)).unwrap();
    url.set_username("seeder_no_such_role").unwrap();
    let url = String::from(url);
    let output = seeder(&url, &SEED_ARGS);
    assert_failure(&output, 6, "seeder_no_such_role");
    assert_hint(&output);
    assert!(!tables_exist(&mut db.conn()));
}

#[test]
fn bad_flags_are_rejected_before_connecting() {
    let db = TestDb::new();
    let url = db.url_with_password(PASSWORD);
    for (args, needle) in [
        (&["--users", "-5"][..], "--users"),
        (&["--plans", "ten"], "--plans"),
        (&["--resources", "1.5"], "--resources"),
        (&["--now", "yesterday"], "--now"),
        (&["--now", "2026-13-45T00:00:00Z"], "--now"),
        (&["--seed", "-3"], "--seed"),
        (&["--frobnicate"], "--frobnicate"),
        (&["--plans", "5", "--users", "0"], "at least one user"),
        (&["--connect-timeout", "0"], "--connect-timeout"),
    ] {
        let output = seeder(&url, args);
        assert_failure(&output, 2, needle);
    }
    // Nothing was created: the seeder never touched the database.
    assert!(!tables_exist(&mut db.conn()));
    // And a server that is down is never contacted for a bad flag: still exit 2, not 4.
    let down = format!("postgres://postgres@127.0.0.1:{}/postgres", closed_port());
    assert_eq!(seeder(&down, &["--users", "-1"]).status.code(), Some(2));
}

#[test]
fn reset_of_a_remote_server_is_refused_before_connecting() {
    // .invalid never resolves; the refusal must come before any lookup or connection.
    let url = format!("postgres://app:{PASSWORD}@db.example.invalid:5432/app");
    let output = seeder(&url, &["--reset", "--seed", "1"]);
    assert_failure(&output, 8, "not a local server");
    assert!(stderr(&output).contains("--allow-remote"));
}

#[test]
fn unknown_applied_migrations_are_refused() {
    let db = TestDb::migrated();
    let mut conn = db.conn();
    diesel::sql_query("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000000')")
        .execute(&mut conn)
        .unwrap();
    let output = seeder(&db.url_with_password(PASSWORD), &SEED_ARGS);
    assert_failure(&output, 9, "29991231000000");
    assert_hint(&output);
    assert_eq!(common::rows(&mut conn, "users"), 0);
}

#[test]
fn two_seeders_at_once_end_with_one_seed() {
    let reference = TestDb::new();
    assert_ok(&seeder(&reference.url, &SEED_ARGS));
    let expected = all_digests(&mut reference.conn());

    // Without --reset: one seeds, the other waits for the lock, then refuses.
    let db = TestDb::new();
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| seeder(&db.url, &SEED_ARGS));
        let b = scope.spawn(|| seeder(&db.url, &SEED_ARGS));
        (a.join().unwrap(), b.join().unwrap())
    });
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(
        codes,
        [Some(0), Some(7)],
        "a: {}\nb: {}",
        stderr(&a),
        stderr(&b)
    );
    assert_eq!(all_digests(&mut db.conn()), expected);

    // With --reset: both succeed one after the other, and the result is still one seed.
    let db = TestDb::new();
    let mut args = SEED_ARGS.to_vec();
    args.push("--reset");
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| seeder(&db.url, &args));
        let b = scope.spawn(|| seeder(&db.url, &args));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_ok(&a);
    assert_ok(&b);
    assert_eq!(all_digests(&mut db.conn()), expected);
}

#[derive(QueryableByName)]
struct Backend {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pid: i32,
}

#[test]
fn killed_backend_mid_load_leaves_the_database_as_it_was() {
    let db = TestDb::new();
    // A previous seed that the interrupted --reset run must not lose.
    assert_ok(&seeder(
        &db.url,
        &[
            "--users",
            "5",
            "--plans",
            "10",
            "--resources",
            "5",
            "--seed",
            "1",
        ],
    ));
    let before = all_digests(&mut db.conn());

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_seeder"))
        .args([
            "--users",
            "500",
            "--plans",
            "2000",
            "--resources",
            "500",
            "--seed",
            "2",
            "--reset",
            "--indexes",
            "keep",
        ])
        .env("DATABASE_URL", &db.url)
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    // Wait until the seeder's backend has started copying rows, then terminate it. Bounded:
    // the loop gives up after a minute rather than hang the suite.
    let mut watcher = db.conn();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut killed = false;
    while Instant::now() < deadline && !killed {
        let backends = diesel::sql_query(format!(
            "SELECT pid FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'seeder' \
             AND query ILIKE 'COPY%'",
            db.name
        ))
        .load::<Backend>(&mut watcher)
        .unwrap();
        for backend in &backends {
            diesel::sql_query(format!("SELECT pg_terminate_backend({})", backend.pid))
                .execute(&mut watcher)
                .unwrap();
            killed = true;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        killed,
        "never saw the seeder's COPY; it exited with {:?}",
        output.status.code()
    );
    assert_failure(&output, 10, "connection");
    assert!(
        stderr(&output).contains("nothing was committed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        all_digests(&mut db.conn()),
        before,
        "partial rows were committed"
    );
    assert_eq!(count(&mut db.conn(), "SELECT count(*) AS n FROM users"), 5);
}

#[test]
fn reset_never_empties_a_table_outside_the_schema() {
    let db = TestDb::migrated();
    let mut conn = db.conn();
    // An app table of someone else's that references ours.
    diesel::sql_query(
        "CREATE TABLE audit_log (id int PRIMARY KEY, user_id uuid REFERENCES users (id))",
    )
    .execute(&mut conn)
    .unwrap();
    // Empty tables: the seed still loads (without FREEZE or the index rebuild, which would
    // need to touch the referencing table's constraint).
    assert_ok(&seeder(
        &db.url,
        &["--users", "5", "--plans", "10", "--resources", "5"],
    ));
    diesel::sql_query("INSERT INTO audit_log SELECT 1, id FROM users ORDER BY id LIMIT 1")
        .execute(&mut conn)
        .unwrap();
    let before = all_digests(&mut conn);
    // --reset must not cascade into audit_log: Postgres refuses and nothing changes.
    let output = seeder(
        &db.url,
        &[
            "--users",
            "5",
            "--plans",
            "10",
            "--resources",
            "5",
            "--reset",
        ],
    );
    assert_failure(
        &output,
        1,
        "cannot truncate a table referenced in a foreign key constraint",
    );
    assert_hint(&output);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM audit_log"), 1);
    assert_eq!(all_digests(&mut conn), before);
}
