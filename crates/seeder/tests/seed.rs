//! End to end: the binary against a real database, checked with SQL.

mod common;

use common::{SEED_ARGS, TestDb, all_digests, assert_ok, count, rows, seeder, stderr};

const NOW: &str = "TIMESTAMPTZ '2026-01-15T12:00:00Z'";

/// Rows of `job_queue j` (joined to its plan `p` where it has one) that break `rule`.
fn violations(conn: &mut diesel::PgConnection, rule: &str) -> i64 {
    let rule = rule.replace("$NOW", NOW);
    count(
        conn,
        &format!(
            "SELECT count(*) AS n FROM job_queue j LEFT JOIN learning_plans p ON p.id = j.plan_id \
             WHERE NOT coalesce(({rule}), false)"
        ),
    )
}

#[test]
fn reference_seed_matches_the_contract() {
    let db = TestDb::new();
    let out = assert_ok(&seeder(&db.url, &SEED_ARGS));
    assert!(
        out.contains("seed 12345, now 2026-01-15T12:00:00Z"),
        "{out}"
    );
    assert!(out.contains("job_queue"), "{out}");

    let mut conn = db.conn();
    assert_eq!(rows(&mut conn, "users"), 50);
    assert_eq!(rows(&mut conn, "learning_plans"), 150);
    assert_eq!(rows(&mut conn, "job_queue"), 72);
    let by_status = |conn: &mut diesel::PgConnection, status: &str| {
        count(
            conn,
            &format!("SELECT count(*) AS n FROM job_queue WHERE status = '{status}'"),
        )
    };
    assert_eq!(by_status(&mut conn, "pending"), 11);
    assert_eq!(by_status(&mut conn, "processing"), 7);
    assert_eq!(by_status(&mut conn, "completed"), 43);
    assert_eq!(by_status(&mut conn, "failed"), 11);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM job_queue WHERE plan_id IS NULL"
        ),
        12
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM job_queue WHERE plan_id IS NULL AND status IN ('pending', 'failed')"
        ),
        12
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT plan_id) AS n FROM job_queue"
        ),
        60
    );
    assert_eq!(
        count(&mut conn, "SELECT count(plan_id) AS n FROM job_queue"),
        60
    );

    let rules: &[(&str, &str)] = &[
        (
            "job_type and max_attempts",
            "j.job_type = 'plan_generation' AND j.max_attempts = 3",
        ),
        (
            "timestamps ordered and not after now",
            "j.created_at <= j.scheduled_for \
             AND (j.started_at IS NULL OR j.scheduled_for <= j.started_at) \
             AND (j.completed_at IS NULL OR j.started_at <= j.completed_at) \
             AND greatest(j.created_at, j.scheduled_for, j.started_at, j.completed_at) <= $NOW",
        ),
        (
            "updated_at is the last event",
            "j.updated_at = greatest(j.created_at, j.scheduled_for, j.started_at, j.completed_at, j.locked_at)",
        ),
        (
            "pending jobs",
            "j.status <> 'pending' OR (j.attempts = 0 AND j.priority BETWEEN 0 AND 9 \
             AND j.scheduled_for BETWEEN $NOW - interval '48 hours' AND $NOW \
             AND j.started_at IS NULL AND j.completed_at IS NULL AND j.locked_at IS NULL \
             AND j.locked_by IS NULL AND j.result IS NULL AND j.error IS NULL)",
        ),
        (
            "processing jobs",
            "j.status <> 'processing' OR (j.plan_id IS NOT NULL AND j.attempts BETWEEN 1 AND 2 \
             AND j.priority = 0 AND j.started_at BETWEEN $NOW - interval '1 hour' AND $NOW \
             AND j.scheduled_for <= j.started_at AND j.started_at - j.scheduled_for <= interval '1 hour' \
             AND j.locked_at = j.started_at AND j.locked_by ~ '^worker-[1-5]$' \
             AND j.completed_at IS NULL AND j.result IS NULL AND j.error IS NULL)",
        ),
        (
            "completed jobs",
            "j.status <> 'completed' OR (j.plan_id IS NOT NULL AND j.attempts BETWEEN 1 AND 2 \
             AND j.priority = 0 \
             AND j.scheduled_for BETWEEN $NOW - interval '14 days' AND $NOW - interval '1 day' \
             AND j.started_at >= j.scheduled_for \
             AND j.completed_at = j.started_at + ((j.result->>'durationMs')::int * interval '1 millisecond') \
             AND j.locked_at IS NULL AND j.locked_by IS NULL AND j.error IS NULL \
             AND j.result->>'planId' = j.plan_id::text \
             AND (j.result->>'modulesCount')::int BETWEEN 4 AND 6 \
             AND (j.result->>'tasksCount')::int BETWEEN 18 AND 30 \
             AND (j.result->>'durationMs')::int BETWEEN 12000 AND 20000)",
        ),
        (
            "failed jobs",
            "j.status <> 'failed' OR (j.attempts = 3 AND j.priority = 0 \
             AND j.scheduled_for BETWEEN $NOW - interval '14 days' AND $NOW - interval '1 day' \
             AND j.started_at >= j.scheduled_for AND j.completed_at >= j.started_at \
             AND j.locked_at IS NULL AND j.locked_by IS NULL AND j.result IS NULL \
             AND j.error IN ('AI provider timeout', 'Invalid response format', 'Rate limit exceeded', \
                             'Validation error: topic too vague', 'Network error: connection refused'))",
        ),
        (
            "orphans are pending or failed",
            "j.plan_id IS NOT NULL OR j.status IN ('pending', 'failed')",
        ),
        (
            "payload shape",
            "j.payload ? 'topic' AND j.payload->>'skillLevel' IN ('beginner', 'intermediate', 'advanced') \
             AND (j.payload->>'weeklyHours')::int BETWEEN 3 AND 12 \
             AND j.payload->>'learningStyle' IN ('reading', 'video', 'practice', 'mixed') \
             AND j.payload->>'requestId' ~ ('^req_' || (extract(epoch FROM j.created_at) * 1000)::bigint || '_[0-9]+$')",
        ),
        (
            "payload mirrors the plan",
            "j.plan_id IS NULL OR (j.payload->>'topic' = p.topic \
             AND j.payload->>'skillLevel' = p.skill_level::text \
             AND (j.payload->>'weeklyHours')::int = p.weekly_hours \
             AND j.payload->>'learningStyle' = p.learning_style::text)",
        ),
        (
            "linked plans are ai plans of the job's user",
            "j.plan_id IS NULL OR (p.origin = 'ai' AND p.user_id = j.user_id)",
        ),
        (
            "completed plans hold exactly the result's modules and tasks",
            "j.status <> 'completed' OR ( \
               (SELECT count(*) FROM modules m WHERE m.plan_id = j.plan_id) = (j.result->>'modulesCount')::int \
               AND (SELECT count(*) FROM tasks t JOIN modules m ON m.id = t.module_id WHERE m.plan_id = j.plan_id) \
                   = (j.result->>'tasksCount')::int)",
        ),
        (
            "plans of unfinished jobs have no modules yet",
            "j.plan_id IS NULL OR j.status = 'completed' \
             OR NOT EXISTS (SELECT 1 FROM modules m WHERE m.plan_id = j.plan_id)",
        ),
    ];
    let broken: Vec<String> = rules
        .iter()
        .filter_map(|(name, rule)| {
            let bad = violations(&mut conn, rule);
            (bad > 0).then(|| format!("{name}: {bad} rows"))
        })
        .collect();
    assert!(broken.is_empty(), "rules broken: {broken:#?}");
}

#[test]
fn same_arguments_with_reset_give_identical_contents() {
    let db = TestDb::new();
    assert_ok(&seeder(&db.url, &SEED_ARGS));
    let first = all_digests(&mut db.conn());
    let mut args = SEED_ARGS.to_vec();
    args.push("--reset");
    let out = assert_ok(&seeder(&db.url, &args));
    assert!(out.contains("--reset emptied"), "{out}");
    let second = all_digests(&mut db.conn());
    assert_eq!(first, second);
    // And the insert baseline writes exactly what COPY writes.
    args.extend(["--load-method", "insert"]);
    assert_ok(&seeder(&db.url, &args));
    assert_eq!(first, all_digests(&mut db.conn()));
}

#[test]
fn index_rebuild_and_plain_load_give_identical_contents() {
    let plain = TestDb::new();
    let rebuilt = TestDb::new();
    let small = [
        "--users",
        "20",
        "--plans",
        "60",
        "--resources",
        "40",
        "--seed",
        "9",
        "--now",
        "2026-01-15T12:00:00Z",
    ];
    assert_ok(&seeder(
        &plain.url,
        &[&small[..], &["--indexes", "keep"]].concat(),
    ));
    assert_ok(&seeder(
        &rebuilt.url,
        &[&small[..], &["--indexes", "rebuild"]].concat(),
    ));
    assert_eq!(
        all_digests(&mut plain.conn()),
        all_digests(&mut rebuilt.conn())
    );
}

#[test]
fn refuses_to_seed_over_existing_rows() {
    let db = TestDb::new();
    assert_ok(&seeder(&db.url, &SEED_ARGS));
    let before = all_digests(&mut db.conn());
    let output = seeder(&db.url, &["--seed", "1", "--now", "2026-01-15T12:00:00Z"]);
    assert_eq!(output.status.code(), Some(7), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("error: ") && err.contains("already holds data in users"),
        "{err}"
    );
    assert!(err.contains("hint: ") && err.contains("--reset"), "{err}");
    assert_eq!(before, all_digests(&mut db.conn()));
}

#[test]
fn migrate_then_seed_and_zero_plans() {
    let db = TestDb::new();
    let out = assert_ok(&seeder(&db.url, &["migrate"]));
    assert!(out.contains("applied 7 migration(s)"), "{out}");
    let out = assert_ok(&seeder(&db.url, &["migrate"]));
    assert!(out.contains("no pending migrations"), "{out}");
    assert_ok(&seeder(
        &db.url,
        &["--users", "3", "--plans", "0", "--resources", "0"],
    ));
    let mut conn = db.conn();
    assert_eq!(rows(&mut conn, "users"), 3);
    assert_eq!(rows(&mut conn, "job_queue"), 0);
}

#[test]
fn plan_is_a_dry_run() {
    let output = common::seeder_in(
        &std::env::temp_dir(),
        None,
        &["plan", "--seed", "12345", "--now", "2026-01-15T12:00:00Z"],
    );
    let out = assert_ok(&output);
    assert!(out.contains("dry run"), "{out}");
    for (name, expected) in [
        ("users", "50"),
        ("learning_plans", "150"),
        ("job_queue", "72"),
    ] {
        let line = out
            .lines()
            .find(|line| line.split_whitespace().next() == Some(name))
            .unwrap_or_default();
        assert_eq!(line.split_whitespace().nth(1), Some(expected), "{out}");
    }
    let status = |name: &str| {
        out.lines()
            .find(|line| line.starts_with(name))
            .map(|line| line.split_whitespace().skip(1).collect::<Vec<_>>())
    };
    assert_eq!(status("pending"), Some(vec!["11", "6"]), "{out}");
    assert_eq!(status("processing"), Some(vec!["7", "0"]), "{out}");
    assert_eq!(status("completed"), Some(vec!["43", "0"]), "{out}");
    assert_eq!(status("failed"), Some(vec!["11", "6"]), "{out}");
}
