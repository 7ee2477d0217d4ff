//! `seeder export` round trip: the SQL script, loaded by psql into a migrated database, holds
//! exactly what a direct seed with the same arguments writes, whatever the session's time zone.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{TestDb, all_digests, assert_ok, rows, seeder, seeder_in};

const ARGS: [&str; 10] = [
    "--users",
    "20",
    "--plans",
    "60",
    "--resources",
    "40",
    "--seed",
    "12345",
    "--now",
    "2026-01-15T12:00:00Z",
];

/// A temporary file removed on drop, unique per test.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("seeder-export-{}-{name}.sql", std::process::id()));
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes the export of `ARGS`, with no database configured at all: producing the script must
/// not need one.
fn export(name: &str) -> TempFile {
    let file = TempFile::new(name);
    let mut args = vec!["export", "--out", file.path()];
    args.extend(ARGS);
    let out = assert_ok(&seeder_in(&std::env::temp_dir(), None, &args));
    assert!(out.contains("rows to"), "{out}");
    file
}

/// `psql -v ON_ERROR_STOP=1 -f FILE` as a user would run it, with extra environment.
fn psql_file(url: &str, file: &Path, env: &[(&str, &str)]) -> Output {
    Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f"])
        .arg(file)
        .envs(env.iter().copied())
        .output()
        .expect("run psql (is the PostgreSQL client installed?)")
}

/// A fresh database migrated by the binary, the way a user prepares one for the script.
fn migrated_by_binary() -> TestDb {
    let db = TestDb::new();
    assert_ok(&seeder(&db.url, &["migrate"]));
    db
}

#[test]
fn export_loaded_by_psql_equals_a_direct_seed_in_any_time_zone() {
    let script = export("round-trip");

    // A session time zone far from UTC and a day-first DateStyle: if any literal depended on
    // either, the loaded rows (or the load itself) would differ from the direct seed.
    let loaded = migrated_by_binary();
    let load = psql_file(
        &loaded.url,
        &script.0,
        &[("PGTZ", "America/New_York"), ("PGDATESTYLE", "SQL, DMY")],
    );
    assert!(
        load.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&load.stderr)
    );

    let direct = TestDb::new();
    assert_ok(&seeder(&direct.url, &ARGS));

    let mut loaded_conn = loaded.conn();
    let mut direct_conn = direct.conn();
    for table in schema::TABLES {
        assert!(
            rows(&mut direct_conn, table) > 0,
            "{table} is empty: the comparison would prove nothing"
        );
        assert_eq!(
            rows(&mut loaded_conn, table),
            rows(&mut direct_conn, table),
            "{table}"
        );
    }
    // Full contents, row by row, compared as text in one fixed session time zone.
    assert_eq!(all_digests(&mut loaded_conn), all_digests(&mut direct_conn));
}

#[test]
fn export_is_byte_identical_for_the_same_arguments() {
    let first = export("first");
    let second = export("second");
    let first = std::fs::read(&first.0).expect("read first export");
    let second = std::fs::read(&second.0).expect("read second export");
    assert!(
        first == second,
        "two exports with the same arguments differ"
    );
}

#[test]
fn a_failed_load_leaves_the_database_as_it_was() {
    let script = export("twice");
    let db = migrated_by_binary();
    let first = psql_file(&db.url, &script.0, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut conn = db.conn();
    let before = all_digests(&mut conn);

    // Loading again breaks a unique key part-way through; ON_ERROR_STOP aborts, the
    // transaction rolls back, and nothing of the second load remains.
    let second = psql_file(&db.url, &script.0, &[]);
    assert!(
        !second.status.success(),
        "a second load into a seeded database must fail"
    );
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(message.contains("duplicate key"), "{message}");
    assert_eq!(all_digests(&mut conn), before);
}
