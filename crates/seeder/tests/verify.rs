//! `seeder verify` end to end: fresh seeds of several shapes pass; for every rule, one corrupted
//! row (or column) of a freshly seeded database makes verify fail naming that rule.
//!
//! Seeding costs far more than copying, so the corruption tests share one seeded template
//! database per test process and each test gets its own copy (`CREATE DATABASE .. TEMPLATE ..`),
//! dropped by the harness when the test ends.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::Value;

use common::{TestDb, admin_url, assert_ok, seeder, stderr, stdout};

const NOW: &str = "2026-01-15T12:00:00Z";
/// Exit code of `seeder verify` when a rule fails.
const VERIFY_FAILED: i32 = 11;
/// Big enough that every distribution rule runs (the 5 % categories expect >= 5 rows), small
/// enough to seed in well under a second.
const TEMPLATE_ARGS: [&str; 10] = [
    "--users",
    "100",
    "--plans",
    "100",
    "--resources",
    "60",
    "--seed",
    "4242",
    "--now",
    NOW,
];
const TEMPLATE_PREFIX: &str = "seeder_verify_tpl_";

fn admin() -> PgConnection {
    PgConnection::establish(&admin_url()).expect("connect to TEST_DATABASE_URL")
}

/// Drops templates left behind by earlier test processes that have exited (a template lives as
/// long as its process: there is no hook at the end of a test binary to drop it).
fn drop_stale_templates(admin: &mut PgConnection) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query(format!(
        "SELECT datname FROM pg_database WHERE datname LIKE '{TEMPLATE_PREFIX}%'"
    ))
    .load(admin)
    .expect("list templates");
    for Name { datname } in names {
        let pid = datname.trim_start_matches(TEMPLATE_PREFIX);
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)"
            ));
        }
    }
}

/// The seeded template's name, created once per test process.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let mut admin = admin();
        drop_stale_templates(&mut admin);
        let seeded = TestDb::new();
        assert_ok(&seeder(&seeded.url, &TEMPLATE_ARGS));
        let name = format!("{TEMPLATE_PREFIX}{}", std::process::id());
        // One statement per call: DROP DATABASE refuses to run inside the implicit
        // transaction of a multi-statement batch.
        for statement in [
            format!("DROP DATABASE IF EXISTS \"{name}\""),
            format!("ALTER DATABASE \"{}\" RENAME TO \"{name}\"", seeded.name),
        ] {
            admin
                .batch_execute(&statement)
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
        // The harness would drop it under its old name, which no longer exists.
        std::mem::forget(seeded);
        name
    })
}

/// A fresh copy of the seeded template, dropped when the returned value goes out of scope.
fn seeded_copy() -> TestDb {
    // Copies from one template are serialized: CREATE DATABASE refuses a template that another
    // session is using, and keeping them one at a time is cheap.
    static COPYING: Mutex<()> = Mutex::new(());
    static COPIES: AtomicU32 = AtomicU32::new(0);
    let template = template();
    // Named and created here rather than by `TestDb::new`, which would first create an empty
    // database only for it to be dropped again: each CREATE/DROP DATABASE costs about a second.
    let name = format!(
        "seeder_verify_{}_{}",
        std::process::id(),
        COPIES.fetch_add(1, Ordering::SeqCst)
    );
    let mut url = url::Url::parse(&admin_url()).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&name);
    let _guard = COPYING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    admin()
        .batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ))
        .expect("copy the template");
    TestDb {
        name,
        url: url.into(),
    }
}

fn verify_json(url: &str) -> (Option<i32>, Value) {
    let output = seeder(url, &["verify", "--json"]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap_or_else(|error| {
        panic!(
            "verify --json printed no JSON ({error})\nstdout:\n{}\nstderr:\n{}",
            stdout(&output),
            stderr(&output)
        )
    });
    (output.status.code(), report)
}

fn rule<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["rules"]
        .as_array()
        .expect("rules array")
        .iter()
        .find(|rule| rule["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id} in the report"))
}

fn failing(report: &Value) -> Vec<String> {
    report["rules"]
        .as_array()
        .expect("rules array")
        .iter()
        .filter(|rule| rule["status"] == "fail")
        .map(|rule| format!("{}: {}", rule["id"], rule["examples"]))
        .collect()
}

/// Seeds a fresh database with `args` and asserts that verify passes.
fn assert_fresh_seed_passes(args: &[&str]) -> Value {
    let db = TestDb::new();
    assert_ok(&seeder(&db.url, args));
    let (code, report) = verify_json(&db.url);
    assert_eq!(
        (code, report["ok"].as_bool()),
        (Some(0), Some(true)),
        "seed {args:?} breaks: {:#?}",
        failing(&report)
    );
    report
}

/// Applies `statements` (each its own transaction) to a fresh copy of the template and asserts
/// that verify exits non-zero naming `rule_id`.
fn assert_corruption_fails(rule_id: &str, statements: &[&str]) {
    let db = seeded_copy();
    let mut conn = db.conn();
    for statement in statements {
        conn.batch_execute(statement)
            .unwrap_or_else(|error| panic!("corruption failed: {statement}: {error}"));
    }
    drop(conn);
    let (code, report) = verify_json(&db.url);
    let found = rule(&report, rule_id);
    assert_eq!(
        found["status"],
        "fail",
        "{rule_id} did not fail; failing rules: {:#?}",
        failing(&report)
    );
    assert!(found["violations"].as_i64().unwrap_or(0) >= 1, "{found}");
    assert!(
        !found["examples"].as_array().expect("examples").is_empty(),
        "{found}"
    );
    assert_eq!(report["ok"], false);
    assert_eq!(code, Some(VERIFY_FAILED));
}

// ---------------------------------------------------------------------------------------------
// Fresh seeds pass.

#[test]
fn default_seed_passes_and_reports_the_notes_queries() {
    let report = assert_fresh_seed_passes(&["--seed", "12345", "--now", NOW]);
    assert_eq!(report["reference"]["plans"], 150);
    assert_eq!(
        rule(&report, "job_queue.status_quota")["description"]
            .as_str()
            .unwrap_or_default(),
        "status counts are the largest-remainder quotas 15/10/60/15 of 72 jobs: \
         pending 11, processing 7, completed 43, failed 11"
    );

    let queries = report["queries"].as_array().expect("queries");
    let names: Vec<&str> = queries
        .iter()
        .filter_map(|query| query["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Status distribution",
            "Recent pending jobs",
            "Failed jobs with errors",
            "Processing jobs (locked)"
        ]
    );
    assert_eq!(
        queries[0]["rows"],
        serde_json::json!([
            ["pending", 11],
            ["processing", 7],
            ["completed", 43],
            ["failed", 11]
        ])
    );
    assert_eq!(
        queries[0]["columns"],
        serde_json::json!(["status", "count"])
    );

    let pending = queries[1]["rows"].as_array().expect("rows");
    assert_eq!(pending.len(), 10, "the note's LIMIT 10");
    let priorities: Vec<i64> = pending.iter().filter_map(|row| row[1].as_i64()).collect();
    assert!(
        priorities.windows(2).all(|pair| pair[0] >= pair[1]),
        "{priorities:?}"
    );

    assert_eq!(queries[2]["row_count"], 11);
    assert!(
        queries[2]["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|row| row[2] == 3),
        "failed jobs used 3 attempts"
    );
    let locked: i64 = queries[3]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            assert!(
                row[0]
                    .as_str()
                    .is_some_and(|worker| worker.starts_with("worker-")),
                "{row}"
            );
            row[1].as_i64().unwrap_or(0)
        })
        .sum();
    assert_eq!(locked, 7, "every processing job is locked");
}

#[test]
fn small_odd_counts_pass() {
    let report = assert_fresh_seed_passes(&[
        "--users",
        "7",
        "--plans",
        "33",
        "--resources",
        "11",
        "--seed",
        "99",
        "--now",
        NOW,
    ]);
    // With 7 users the tier mix cannot be judged: it is reported as skipped, not passed.
    assert_eq!(
        rule(&report, "users.subscription_tier_mix")["status"],
        "skip"
    );
}

#[test]
fn one_user_one_plan_passes() {
    assert_fresh_seed_passes(&[
        "--users",
        "1",
        "--plans",
        "1",
        "--resources",
        "1",
        "--seed",
        "3",
        "--now",
        NOW,
    ]);
}

#[test]
fn no_plans_passes() {
    let report = assert_fresh_seed_passes(&["--plans", "0", "--seed", "5", "--now", NOW]);
    assert_eq!(rule(&report, "job_queue.linked_count")["status"], "pass");
}

#[test]
fn empty_database_passes() {
    assert_fresh_seed_passes(&[
        "--users",
        "0",
        "--plans",
        "0",
        "--resources",
        "0",
        "--now",
        NOW,
    ]);
}

#[test]
fn another_seed_and_reference_time_passes() {
    assert_fresh_seed_passes(&[
        "--users",
        "40",
        "--plans",
        "260",
        "--resources",
        "90",
        "--seed",
        "777",
        "--now",
        "2024-02-29T23:59:59.5+05:30",
    ]);
}

// ---------------------------------------------------------------------------------------------
// The JSON and human reports.

#[test]
fn json_report_has_the_documented_shape() {
    let db = seeded_copy();
    let (code, report) = verify_json(&db.url);
    assert_eq!(code, Some(0), "{:#?}", failing(&report));
    let keys: BTreeSet<&str> = report
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["ok", "reference", "rules", "queries", "summary"])
    );
    let rules = report["rules"].as_array().expect("rules");
    let mut ids = BTreeSet::new();
    for rule in rules {
        let keys: BTreeSet<&str> = rule
            .as_object()
            .expect("rule")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "id",
                "description",
                "status",
                "violations",
                "examples",
                "detail"
            ])
        );
        assert!(
            ["pass", "fail", "skip"].contains(&rule["status"].as_str().unwrap_or("")),
            "{rule}"
        );
        assert!(
            ids.insert(rule["id"].as_str().expect("id")),
            "duplicate id {}",
            rule["id"]
        );
    }
    // Every distribution rule has enough rows in the template to run.
    assert!(
        rules.iter().all(|rule| rule["status"] == "pass"),
        "{rules:#?}"
    );
    assert_eq!(report["summary"]["pass"], rules.len());
    for query in report["queries"].as_array().expect("queries") {
        let keys: BTreeSet<&str> = query
            .as_object()
            .expect("query")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from(["name", "sql", "columns", "rows", "row_count"])
        );
        let width = query["columns"].as_array().expect("columns").len();
        assert!(
            query["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .all(|row| row.as_array().map(Vec::len) == Some(width))
        );
    }
}

#[test]
fn every_rule_has_a_corruption_test() {
    let db = seeded_copy();
    let (_, report) = verify_json(&db.url);
    let reported: BTreeSet<&str> = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|rule| rule["id"].as_str())
        .collect();
    let tested: BTreeSet<&str> = CORRUPTED_RULES.iter().copied().collect();
    let untested: Vec<_> = reported.difference(&tested).collect();
    let unknown: Vec<_> = tested.difference(&reported).collect();
    assert!(
        untested.is_empty() && unknown.is_empty(),
        "untested {untested:?}, unknown {unknown:?}"
    );
}

#[test]
fn human_report_names_the_rule_and_the_offending_row() {
    let db = seeded_copy();
    let mut conn = db.conn();
    let id = "SELECT id FROM job_queue WHERE status = 'processing' ORDER BY id LIMIT 1";
    conn.batch_execute(&format!(
        "UPDATE job_queue SET locked_at = NULL, locked_by = NULL WHERE id = ({id})"
    ))
    .expect("corrupt");
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let job: Id = diesel::sql_query(format!("SELECT id::text AS id FROM ({id}) j"))
        .get_result(&mut conn)
        .expect("id");

    let output = seeder(&db.url, &["verify"]);
    assert_eq!(
        output.status.code(),
        Some(VERIFY_FAILED),
        "{}",
        stderr(&output)
    );
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|line| line.starts_with("FAIL  job_queue.processing.lock "))
        .unwrap_or_else(|| panic!("no FAIL line for the lock rule:\n{text}"));
    assert!(
        line.ends_with(&format!("(1 violation: {})", job.id)),
        "{line}"
    );
    assert!(
        text.lines()
            .any(|line| line.starts_with("PASS  job_queue.status_quota ")),
        "{text}"
    );
    assert!(
        text.contains("-- Status distribution (4 rows)\nstatus     | count\n"),
        "{text}"
    );
    assert!(text.contains("-- Processing jobs (locked)"), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("FAILED: ") && summary.contains(" 1 failed, 0 skipped"),
        "{summary}"
    );
    assert!(
        stderr(&output).contains("breaks at least one seed rule"),
        "{}",
        stderr(&output)
    );
}

// ---------------------------------------------------------------------------------------------
// One corruption per rule. Each entry: test name, the rule it must trip, the SQL statements.

/// One row of a kind, picked deterministically.
macro_rules! one {
    ($from_where:literal) => {
        concat!("(SELECT id FROM ", $from_where, " ORDER BY id LIMIT 1)")
    };
}

macro_rules! corruptions {
    ($($name:ident: $rule:literal => [$($statement:expr),+ $(,)?];)*) => {
        /// Every rule id a corruption test trips; compared with the report's rule list.
        const CORRUPTED_RULES: &[&str] = &[$($rule),*];
        $(
            #[test]
            fn $name() {
                assert_corruption_fails($rule, &[$(AsRef::<str>::as_ref(&$statement)),+]);
            }
        )*
    };
}

const JOB_COLUMNS: &str = "plan_id, user_id, job_type, status, priority, attempts, max_attempts, payload, \
     result, error, locked_at, locked_by, scheduled_for, started_at, completed_at, created_at, updated_at";

corruptions! {
    // Volume and quotas.
    linked_job_deleted: "job_queue.linked_count" => [concat!(
        "DELETE FROM job_queue WHERE id = ", one!("job_queue WHERE plan_id IS NOT NULL AND status = 'pending'"))];
    second_job_for_a_plan: "job_queue.one_job_per_plan" => [&format!(
        "INSERT INTO job_queue ({JOB_COLUMNS}) SELECT {JOB_COLUMNS} FROM job_queue \
         WHERE plan_id IS NOT NULL AND status = 'failed' ORDER BY id LIMIT 1")];
    orphan_deleted: "job_queue.orphan_count" => [concat!(
        "DELETE FROM job_queue WHERE id = ", one!("job_queue WHERE plan_id IS NULL"))];
    failed_orphan_turned_pending: "job_queue.status_quota" => [concat!(
        "UPDATE job_queue SET status = 'pending', attempts = 0, priority = 3, started_at = NULL, \
         completed_at = NULL, error = NULL WHERE id = ",
        one!("job_queue WHERE plan_id IS NULL AND status = 'failed'"))];
    orphan_marked_completed: "job_queue.orphan.status" => [concat!(
        "UPDATE job_queue SET status = 'completed' WHERE id = ", one!("job_queue WHERE plan_id IS NULL"))];

    // Pending.
    pending_with_an_attempt: "job_queue.pending.attempts" => [concat!(
        "UPDATE job_queue SET attempts = 1 WHERE id = ", one!("job_queue WHERE status = 'pending'"))];
    pending_priority_ten: "job_queue.pending.priority" => [concat!(
        "UPDATE job_queue SET priority = 10 WHERE id = ", one!("job_queue WHERE status = 'pending'"))];
    pending_with_an_error: "job_queue.pending.untouched" => [concat!(
        "UPDATE job_queue SET error = 'boom' WHERE id = ", one!("job_queue WHERE status = 'pending'"))];
    pending_scheduled_three_days_ago: "job_queue.pending.scheduled_window" => [concat!(
        "UPDATE job_queue SET created_at = created_at - interval '3 days', \
         scheduled_for = scheduled_for - interval '3 days', updated_at = updated_at - interval '3 days' WHERE id = ",
        one!("job_queue WHERE status = 'pending'"))];
    pending_created_after_scheduled: "job_queue.pending.timestamps_ordered" => [concat!(
        "UPDATE job_queue SET created_at = scheduled_for + interval '1 minute' WHERE id = ",
        one!("job_queue WHERE status = 'pending'"))];

    // Processing.
    processing_with_three_attempts: "job_queue.processing.attempts" => [concat!(
        "UPDATE job_queue SET attempts = 3 WHERE id = ", one!("job_queue WHERE status = 'processing'"))];
    processing_without_a_lock: "job_queue.processing.lock" => [concat!(
        "UPDATE job_queue SET locked_at = NULL, locked_by = NULL WHERE id = ",
        one!("job_queue WHERE status = 'processing'"))];
    processing_started_three_hours_ago: "job_queue.processing.started_window" => [concat!(
        "UPDATE job_queue SET created_at = created_at - interval '3 hours', \
         scheduled_for = scheduled_for - interval '3 hours', started_at = started_at - interval '3 hours', \
         locked_at = locked_at - interval '3 hours', updated_at = updated_at - interval '3 hours' WHERE id = ",
        one!("job_queue WHERE status = 'processing'"))];
    processing_waited_an_hour: "job_queue.processing.scheduled_shortly_before" => [concat!(
        "UPDATE job_queue SET scheduled_for = started_at - interval '1 hour', \
         created_at = started_at - interval '2 hours' WHERE id = ",
        one!("job_queue WHERE status = 'processing'"))];
    processing_with_an_error: "job_queue.processing.unfinished" => [concat!(
        "UPDATE job_queue SET error = 'boom' WHERE id = ", one!("job_queue WHERE status = 'processing'"))];
    processing_scheduled_after_start: "job_queue.processing.timestamps_ordered" => [concat!(
        "UPDATE job_queue SET scheduled_for = started_at + interval '1 second' WHERE id = ",
        one!("job_queue WHERE status = 'processing'"))];

    // Completed.
    completed_without_attempts: "job_queue.completed.attempts" => [concat!(
        "UPDATE job_queue SET attempts = 0 WHERE id = ", one!("job_queue WHERE status = 'completed'"))];
    completed_still_locked: "job_queue.completed.finished" => [concat!(
        "UPDATE job_queue SET locked_by = 'worker-1' WHERE id = ", one!("job_queue WHERE status = 'completed'"))];
    completed_result_with_extra_key: "job_queue.completed.result" => [concat!(
        "UPDATE job_queue SET result = result || '{\"extra\": 1}' WHERE id = ",
        one!("job_queue WHERE status = 'completed'"))];
    completed_late_by_a_second: "job_queue.completed.duration" => [concat!(
        "UPDATE job_queue SET completed_at = completed_at + interval '1 second', \
         updated_at = updated_at + interval '1 second' WHERE id = ",
        one!("job_queue WHERE status = 'completed'"))];
    completed_three_weeks_ago: "job_queue.completed.scheduled_window" => [concat!(
        "UPDATE job_queue SET created_at = created_at - interval '20 days', \
         scheduled_for = scheduled_for - interval '20 days', started_at = started_at - interval '20 days', \
         completed_at = completed_at - interval '20 days', updated_at = updated_at - interval '20 days' WHERE id = ",
        one!("job_queue WHERE status = 'completed'"))];
    completed_before_scheduled: "job_queue.completed.timestamps_ordered" => [concat!(
        "UPDATE job_queue SET completed_at = scheduled_for - interval '1 minute' WHERE id = ",
        one!("job_queue WHERE status = 'completed'"))];

    // Failed.
    failed_after_two_attempts: "job_queue.failed.attempts" => [concat!(
        "UPDATE job_queue SET attempts = 2 WHERE id = ", one!("job_queue WHERE status = 'failed'"))];
    failed_with_a_result: "job_queue.failed.finished" => [concat!(
        "UPDATE job_queue SET result = '{}' WHERE id = ", one!("job_queue WHERE status = 'failed'"))];
    failed_with_an_unknown_error: "job_queue.failed.error" => [concat!(
        "UPDATE job_queue SET error = 'Out of cheese' WHERE id = ", one!("job_queue WHERE status = 'failed'"))];
    failed_three_weeks_ago: "job_queue.failed.scheduled_window" => [concat!(
        "UPDATE job_queue SET created_at = created_at - interval '20 days', \
         scheduled_for = scheduled_for - interval '20 days', started_at = started_at - interval '20 days', \
         completed_at = completed_at - interval '20 days', updated_at = updated_at - interval '20 days' WHERE id = ",
        one!("job_queue WHERE status = 'failed'"))];
    failed_started_after_failing: "job_queue.failed.timestamps_ordered" => [concat!(
        "UPDATE job_queue SET started_at = completed_at + interval '1 second' WHERE id = ",
        one!("job_queue WHERE status = 'failed'"))];

    // Every job.
    job_of_another_type: "job_queue.job_type" => [
        "ALTER TYPE job_type ADD VALUE 'plan_review'",
        concat!("UPDATE job_queue SET job_type = 'plan_review' WHERE id = ", one!("job_queue")),
    ];
    five_max_attempts: "job_queue.max_attempts" => [concat!(
        "UPDATE job_queue SET max_attempts = 5 WHERE id = ", one!("job_queue WHERE status = 'pending'"))];
    completed_with_priority: "job_queue.non_pending.priority" => [concat!(
        "UPDATE job_queue SET priority = 5 WHERE id = ", one!("job_queue WHERE status = 'completed'"))];
    updated_later_than_anything: "job_queue.updated_at_latest" => [concat!(
        "UPDATE job_queue SET updated_at = updated_at + interval '1 minute' WHERE id = ",
        one!("job_queue WHERE status = 'completed'"))];
    result_names_another_plan: "job_queue.result.plan_id" => [concat!(
        "UPDATE job_queue SET result = jsonb_set(result, '{planId}', to_jsonb(gen_random_uuid()::text)) WHERE id = ",
        one!("job_queue WHERE status = 'completed'"))];
    payload_with_forty_hours: "job_queue.payload.shape" => [concat!(
        "UPDATE job_queue SET payload = payload || '{\"weeklyHours\": 40}' WHERE id = ",
        one!("job_queue WHERE plan_id IS NULL"))];
    request_id_with_the_wrong_time: "job_queue.payload.request_id" => [concat!(
        "UPDATE job_queue SET payload = jsonb_set(payload, '{requestId}', '\"req_1_1\"') WHERE id = ",
        one!("job_queue"))];
    request_id_reused: "job_queue.payload.request_id_unique" => [
        "UPDATE job_queue SET payload = jsonb_set(payload, '{requestId}', \
         (SELECT payload->'requestId' FROM job_queue ORDER BY id LIMIT 1)) \
         WHERE id = (SELECT id FROM job_queue ORDER BY id OFFSET 1 LIMIT 1)",
    ];
    plan_hours_differ_from_payload: "job_queue.linked.mirrors_plan" => [
        "UPDATE learning_plans SET weekly_hours = CASE WHEN weekly_hours = 12 THEN 3 ELSE weekly_hours + 1 END \
         WHERE id = (SELECT plan_id FROM job_queue WHERE plan_id IS NOT NULL ORDER BY id LIMIT 1)",
    ];
    job_of_another_user: "job_queue.linked.owner" => [
        "UPDATE job_queue j SET user_id = (SELECT u.id FROM users u WHERE u.id <> j.user_id ORDER BY u.id LIMIT 1) \
         WHERE j.id = (SELECT id FROM job_queue WHERE plan_id IS NOT NULL ORDER BY id LIMIT 1)",
    ];
    plan_with_job_from_a_template: "job_queue.linked.plan_origin_ai" => [
        "UPDATE learning_plans SET origin = 'template' \
         WHERE id = (SELECT plan_id FROM job_queue WHERE plan_id IS NOT NULL ORDER BY id LIMIT 1)",
    ];

    // Plans and their content.
    plan_with_twenty_hours: "learning_plans.weekly_hours" => [concat!(
        "UPDATE learning_plans SET weekly_hours = 20 WHERE id = ", one!("learning_plans"))];
    plan_topic_placeholder: "learning_plans.topic_filled" => [concat!(
        "UPDATE learning_plans SET topic = '{topic}' WHERE id = ", one!("learning_plans"))];
    plan_visibility_unknown: "learning_plans.visibility_values" => [concat!(
        "UPDATE learning_plans SET visibility = 'secret' WHERE id = ", one!("learning_plans"))];
    plan_origin_unknown: "learning_plans.origin_values" => [concat!(
        "UPDATE learning_plans SET origin = 'imported' WHERE id = ", one!("learning_plans"))];
    plan_older_than_owner: "learning_plans.created_after_owner" => [concat!(
        "UPDATE learning_plans p SET created_at = (SELECT u.created_at - interval '1 day' FROM users u \
         WHERE u.id = p.user_id) WHERE id = ", one!("learning_plans"))];
    deadline_before_start: "learning_plans.dates" => [concat!(
        "UPDATE learning_plans SET deadline_date = start_date - 1 WHERE id = ", one!("learning_plans"))];
    completed_plan_missing_a_task: "learning_plans.completed_job_content" => [
        "DELETE FROM tasks WHERE id = (SELECT t.id FROM tasks t JOIN modules m ON m.id = t.module_id \
         JOIN job_queue j ON j.plan_id = m.plan_id WHERE j.status = 'completed' \
         ORDER BY t.\"order\" DESC, t.id LIMIT 1)",
    ];
    failed_plan_with_a_module: "learning_plans.unfinished_job_no_modules" => [
        "INSERT INTO modules (plan_id, \"order\", title, estimated_minutes) \
         SELECT p.id, 1, 'Getting started with ' || p.topic, 90 FROM job_queue j \
         JOIN learning_plans p ON p.id = j.plan_id WHERE j.status = 'failed' ORDER BY j.id LIMIT 1",
    ];
    jobless_plan_module_with_three_tasks: "learning_plans.no_job_content" => [
        "DELETE FROM tasks WHERE \"order\" > 3 AND module_id = (SELECT m.id FROM modules m \
         WHERE NOT EXISTS (SELECT 1 FROM job_queue j WHERE j.plan_id = m.plan_id) ORDER BY m.id LIMIT 1)",
    ];
    every_plan_advanced: "learning_plans.skill_level_mix" => ["UPDATE learning_plans SET skill_level = 'advanced'"];
    every_plan_practice: "learning_plans.learning_style_mix" => ["UPDATE learning_plans SET learning_style = 'practice'"];
    every_plan_public: "learning_plans.visibility_mix" => ["UPDATE learning_plans SET visibility = 'public'"];
    every_jobless_plan_manual: "learning_plans.origin_mix" => [
        "UPDATE learning_plans p SET origin = 'manual' \
         WHERE NOT EXISTS (SELECT 1 FROM job_queue j WHERE j.plan_id = p.id)",
    ];
    module_out_of_order: "modules.order_contiguous" => [concat!(
        "UPDATE modules SET \"order\" = \"order\" + 10 WHERE id = ", one!("modules"))];
    module_of_nine_hours: "modules.estimated_minutes" => [concat!(
        "UPDATE modules SET estimated_minutes = 540 WHERE id = ", one!("modules"))];
    task_out_of_order: "tasks.order_contiguous" => [concat!(
        "UPDATE tasks SET \"order\" = \"order\" + 10 WHERE id = ", one!("tasks"))];
    task_of_five_minutes: "tasks.estimated_minutes" => [concat!(
        "UPDATE tasks SET estimated_minutes = 5 WHERE id = ", one!("tasks"))];
    module_title_placeholder: "modules.title_filled" => [concat!(
        "UPDATE modules SET title = 'Getting started with {topic}' WHERE id = ", one!("modules"))];
    task_title_without_topic: "tasks.title_filled" => [concat!(
        "UPDATE tasks SET title = 'Read an introduction' WHERE id = ", one!("tasks"))];

    // Users.
    email_differs_only_in_case: "users.email_unique" => [
        "UPDATE users SET email = upper((SELECT email FROM users ORDER BY id LIMIT 1)) \
         WHERE id = (SELECT id FROM users ORDER BY id OFFSET 1 LIMIT 1)",
    ];
    clerk_id_duplicated: "users.clerk_user_id_unique" => [
        "ALTER TABLE users DROP CONSTRAINT users_clerk_user_id_key",
        "UPDATE users SET clerk_user_id = (SELECT clerk_user_id FROM users ORDER BY id LIMIT 1) \
         WHERE id = (SELECT id FROM users ORDER BY id OFFSET 1 LIMIT 1)",
    ];
    email_malformed: "users.profile" => [concat!(
        "UPDATE users SET email = 'not-an-email' WHERE id = ", one!("users"))];
    user_from_two_years_ago: "users.signup_window" => [concat!(
        "UPDATE users SET created_at = created_at - interval '800 days' WHERE id = ", one!("users"))];
    tier_unknown: "users.subscription_tier_values" => [concat!(
        "UPDATE users SET subscription_tier = 'gold' WHERE id = ", one!("users"))];
    every_user_enterprise: "users.subscription_tier_mix" => ["UPDATE users SET subscription_tier = 'enterprise'"];

    // Resources and their links.
    url_plain_http: "resources.url_https" => [concat!(
        "UPDATE resources SET url = replace(url, 'https://', 'http://') WHERE id = ", one!("resources"))];
    domain_not_the_host: "resources.url_host_matches_domain" => [concat!(
        "UPDATE resources SET domain = 'example.com' WHERE id = ", one!("resources"))];
    url_duplicated: "resources.url_unique" => [
        "ALTER TABLE resources DROP CONSTRAINT resources_url_key",
        "UPDATE resources SET url = (SELECT url FROM resources ORDER BY id LIMIT 1) \
         WHERE id = (SELECT id FROM resources ORDER BY id OFFSET 1 LIMIT 1)",
    ];
    tag_repeated: "resources.tags" => [concat!(
        "UPDATE resources SET tags = ARRAY['video', 'video'] WHERE id = ", one!("resources"))];
    currency_lowercase: "resources.currency" => [concat!(
        "UPDATE resources SET currency = 'usd' WHERE id = ", one!("resources"))];
    cost_missing: "resources.cost_and_duration" => [concat!(
        "UPDATE resources SET cost_cents = NULL WHERE id = ", one!("resources"))];
    every_resource_youtube: "resources.type_mix" => ["UPDATE resources SET type = 'youtube'"];
    task_with_four_resources: "task_resources.per_task" => [
        "INSERT INTO task_resources (task_id, resource_id, \"order\") \
         SELECT full_task.task_id, r.id, 4 \
         FROM (SELECT task_id FROM task_resources GROUP BY task_id HAVING count(*) = 3 ORDER BY task_id LIMIT 1) full_task \
         CROSS JOIN LATERAL (SELECT id FROM resources r WHERE NOT EXISTS (SELECT 1 FROM task_resources x \
             WHERE x.task_id = full_task.task_id AND x.resource_id = r.id) ORDER BY id LIMIT 1) r",
    ];
    resource_linked_twice: "task_resources.distinct" => [
        "ALTER TABLE task_resources DROP CONSTRAINT task_resources_task_id_resource_id_key",
        "INSERT INTO task_resources (task_id, resource_id, \"order\") \
         SELECT t.task_id, t.resource_id, (SELECT max(\"order\") + 1 FROM task_resources x WHERE x.task_id = t.task_id) \
         FROM task_resources t ORDER BY t.id LIMIT 1",
    ];
    resource_link_out_of_order: "task_resources.order_contiguous" => [concat!(
        "UPDATE task_resources SET \"order\" = \"order\" + 5 WHERE id = ", one!("task_resources"))];

    // Progress, generations, attempts.
    progress_on_someone_elses_plan: "task_progress.owner_only" => [
        "UPDATE task_progress tp SET user_id = (SELECT u.id FROM users u WHERE u.id <> tp.user_id ORDER BY u.id LIMIT 1) \
         WHERE tp.id = (SELECT id FROM task_progress ORDER BY id LIMIT 1)",
    ];
    completed_progress_without_time: "task_progress.completed_at_iff_completed" => [concat!(
        "UPDATE task_progress SET completed_at = NULL WHERE id = ", one!("task_progress WHERE status = 'completed'"))];
    progress_completed_before_plan: "task_progress.completed_after_plan" => [concat!(
        "UPDATE task_progress SET completed_at = '2000-01-01T00:00:00Z' WHERE id = ",
        one!("task_progress WHERE status = 'completed'"))];
    nothing_started: "task_progress.status_mix" => [
        "UPDATE task_progress SET status = 'not_started', completed_at = NULL",
    ];
    generation_for_an_empty_plan: "plan_generations.plan_has_modules" => [
        "INSERT INTO plan_generations (plan_id, model, prompt) \
         SELECT p.id, 'gpt-4o', jsonb_build_object('topic', p.topic, 'skillLevel', p.skill_level, \
             'weeklyHours', p.weekly_hours, 'learningStyle', p.learning_style) \
         FROM learning_plans p WHERE NOT EXISTS (SELECT 1 FROM modules m WHERE m.plan_id = p.id) \
         ORDER BY p.id LIMIT 1",
    ];
    generation_prompt_of_another_topic: "plan_generations.prompt_mirrors_plan" => [concat!(
        "UPDATE plan_generations SET prompt = jsonb_set(prompt, '{topic}', '\"Cooking\"') WHERE id = ",
        one!("plan_generations"))];
    generation_for_every_plan: "plan_generations.share" => [
        "INSERT INTO plan_generations (plan_id, model, prompt) \
         SELECT p.id, 'gpt-4o', jsonb_build_object('topic', p.topic, 'skillLevel', p.skill_level, \
             'weeklyHours', p.weekly_hours, 'learningStyle', p.learning_style) \
         FROM learning_plans p WHERE EXISTS (SELECT 1 FROM modules m WHERE m.plan_id = p.id) \
         AND NOT EXISTS (SELECT 1 FROM plan_generations g WHERE g.plan_id = p.id)",
    ];
    success_with_a_classification: "generation_attempts.classification" => [concat!(
        "UPDATE generation_attempts SET classification = 'timeout' WHERE id = ",
        one!("generation_attempts WHERE status = 'success'"))];
    failure_attempt_missing: "generation_attempts.per_job" => [concat!(
        "DELETE FROM generation_attempts WHERE id = ", one!("generation_attempts WHERE status = 'failure'"))];
    success_with_another_duration: "generation_attempts.success_matches_result" => [concat!(
        "UPDATE generation_attempts SET duration_ms = duration_ms + 1 WHERE id = ",
        one!("generation_attempts WHERE status = 'success'"))];
    attempt_before_its_job: "generation_attempts.within_job_time" => [concat!(
        "UPDATE generation_attempts SET created_at = created_at - interval '30 days' WHERE id = ",
        one!("generation_attempts"))];

    // Every table.
    user_updated_before_created: "rows.updated_not_before_created" => [concat!(
        "UPDATE users SET updated_at = created_at - interval '1 day' WHERE id = ", one!("users"))];
}
