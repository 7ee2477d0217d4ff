//! `seeder verify`: proves a seeded database keeps every data rule of SPEC §4, and runs the
//! four SQL queries of the user's job-queue note.
//!
//! Each rule is one SQL query (see [`rules`]) that runs inside PostgreSQL and returns only the
//! number of offending rows and the first few of their ids, so verifying millions of rows costs
//! a handful of scans, not a round trip per row. Everything runs in one read-only
//! REPEATABLE READ transaction: the rules see one snapshot even if something writes meanwhile.
//!
//! The database does not record the reference instant (`--now`) it was seeded with, and the
//! rules must hold for any seed, counts and reference time. So "now" is bracketed from the data
//! itself (see [`Reference`]) and every time-window rule is checked against the side of the
//! bracket that can never raise a false alarm.

mod queries;
mod report;
mod rules;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};
use diesel::{PgConnection, QueryableByName};
use generator::JobQuota;

pub use report::{Outcome, Report, Status};
pub use rules::{Check, Context, Rule};

/// Sort and hash memory per operation while verifying.
const WORK_MEM: &str = "128MB";
/// How many offending ids a rule reports.
const EXAMPLES: i64 = 10;
/// Distribution rules allow this many standard deviations around the expected count.
const SIGMAS: f64 = 5.0;
/// A distribution is only checked when every category expects at least this many rows (and
/// this many outside it): below that the normal approximation of the binomial is poor.
const MIN_EXPECTED: f64 = 5.0;

/// Verifies the database and writes the report; `Ok(true)` when every rule holds.
pub fn run(
    conn: &mut PgConnection,
    json: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<bool> {
    let report = conn
        .build_transaction()
        .read_only()
        .repeatable_read()
        .run(|conn| {
            // The rules are a few big aggregates over the largest tables; with the default 4 MB
            // a million-row GROUP BY spills to disk in over a hundred batches. Scoped to this
            // read-only transaction.
            diesel::sql_query(format!("SET LOCAL work_mem = '{WORK_MEM}'")).execute(conn)?;
            collect(conn)
        })?;
    if json {
        report::write_json(&report, out)?;
    } else {
        report::write_human(&report, out)?;
    }
    Ok(report.ok())
}

/// Runs every rule and query against `conn` and returns the report, without printing.
pub fn collect(conn: &mut PgConnection) -> anyhow::Result<Report> {
    let reference = Reference::load(conn)?;
    let plans = u32::try_from(reference.plans).map_err(|_| {
        anyhow::anyhow!(
            "{} learning plans exceed the generator's range",
            reference.plans
        )
    })?;
    let context = Context {
        plans: reference.plans,
        quota: JobQuota::for_plans(plans),
        now_lo: reference.now_lo,
        now_hi: reference.now_hi,
    };
    let mut outcomes = Vec::new();
    for rule in rules::catalog(&context) {
        let outcome = check(conn, &rule)
            .map_err(|error| anyhow::anyhow!("rule {} could not run: {error}", rule.id))?;
        outcomes.push(outcome);
    }
    let queries = queries::run_all(conn)?;
    Ok(Report {
        reference,
        rules: outcomes,
        queries,
    })
}

/// What the rules are measured against.
///
/// `now_lo` is the latest timestamp anywhere in the seed: nothing happens after "now", so the
/// real reference instant is at least this. `now_hi` is the earliest instant at which every
/// "within W before now" window still holds for the oldest row (pending jobs scheduled within
/// 48 h, processing jobs started within the hour, completed and failed jobs scheduled within 14
/// days, users created within 400 days): a correct seed's reference is at most this.
///
/// A "within W before now" rule is checked as `t >= now_lo - W` and an "at least D before now"
/// rule as `t <= now_hi - D`. Both are implied by the true reference, so a correct database
/// never fails them, whatever `--now` it was seeded with; a row far outside its window fails
/// them. The price: a row slightly outside its window may go unnoticed when the bracket is wide
/// (few rows), and "nothing after now" cannot be checked at all, since now_lo is defined by it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Reference {
    #[diesel(sql_type = BigInt)]
    pub plans: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub now_lo: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub now_hi: Option<DateTime<Utc>>,
}

impl Reference {
    const SQL: &'static str = "SELECT \
        (SELECT count(*) FROM learning_plans) AS plans, \
        GREATEST( \
          (SELECT max(GREATEST(created_at, updated_at)) FROM users), \
          (SELECT max(GREATEST(created_at, updated_at)) FROM learning_plans), \
          (SELECT max(GREATEST(created_at, updated_at)) FROM modules), \
          (SELECT max(GREATEST(created_at, updated_at)) FROM tasks), \
          (SELECT max(created_at) FROM resources), \
          (SELECT max(created_at) FROM task_resources), \
          (SELECT max(GREATEST(created_at, updated_at, completed_at)) FROM task_progress), \
          (SELECT max(created_at) FROM plan_generations), \
          (SELECT max(created_at) FROM generation_attempts), \
          (SELECT max(GREATEST(created_at, updated_at, scheduled_for, started_at, completed_at, locked_at)) \
             FROM job_queue) \
        ) AS now_lo, \
        LEAST( \
          (SELECT min(scheduled_for) FROM job_queue WHERE status = 'pending') + interval '48 hours', \
          (SELECT min(started_at) FROM job_queue WHERE status = 'processing') + interval '1 hour', \
          (SELECT min(scheduled_for) FROM job_queue WHERE status IN ('completed', 'failed')) \
             + interval '14 days', \
          (SELECT min(created_at) FROM users) + interval '400 days' \
        ) AS now_hi";

    fn load(conn: &mut PgConnection) -> anyhow::Result<Self> {
        Ok(diesel::sql_query(Self::SQL).get_result(conn)?)
    }
}

#[derive(QueryableByName)]
struct Violations {
    #[diesel(sql_type = BigInt)]
    violations: i64,
    #[diesel(sql_type = Array<Text>)]
    examples: Vec<String>,
}

#[derive(QueryableByName)]
struct Category {
    #[diesel(sql_type = Nullable<Text>)]
    value: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn check(conn: &mut PgConnection, rule: &Rule) -> anyhow::Result<Outcome> {
    let outcome = |status, violations, examples, detail| Outcome {
        id: rule.id,
        description: rule.description.clone(),
        status,
        violations,
        examples,
        detail,
    };
    match &rule.check {
        Check::Rows(sql) => {
            // The CTE is referenced twice, so PostgreSQL materializes it once: one pass for the
            // count and a top-N sort for the examples.
            let wrapped = format!(
                "WITH v AS ({sql}) SELECT (SELECT count(*) FROM v) AS violations, \
                 ARRAY(SELECT coalesce(id, 'NULL') FROM v ORDER BY id LIMIT {EXAMPLES}) AS examples"
            );
            let found: Violations = diesel::sql_query(wrapped).get_result(conn)?;
            let status = if found.violations == 0 {
                Status::Pass
            } else {
                Status::Fail
            };
            Ok(outcome(status, found.violations, found.examples, None))
        }
        Check::Distribution { sql, expected } => {
            let counts: Vec<Category> = diesel::sql_query(sql.as_str()).load(conn)?;
            let (status, violations, examples, detail) = judge_distribution(&counts, expected);
            Ok(outcome(status, violations, examples, Some(detail)))
        }
    }
}

/// Compares category counts with expected shares: each count must lie within
/// [`SIGMAS`] binomial standard deviations (plus one half for continuity) of n·p. Categories
/// the contract does not list are violations at any n.
fn judge_distribution(
    counts: &[Category],
    expected: &[(&'static str, f64)],
) -> (Status, i64, Vec<String>, String) {
    let total: i64 = counts.iter().map(|category| category.n).sum();
    let n = total as f64;
    let count_of = |value: &str| {
        counts
            .iter()
            .filter(|category| category.value.as_deref() == Some(value))
            .map(|category| category.n)
            .sum::<i64>()
    };
    let mut examples: Vec<String> = counts
        .iter()
        .filter(|category| {
            !expected
                .iter()
                .any(|(value, _)| category.value.as_deref() == Some(*value))
        })
        .map(|category| {
            format!(
                "{}: {} (not an allowed value)",
                category.value.as_deref().unwrap_or("NULL"),
                category.n
            )
        })
        .collect();
    let shown = expected
        .iter()
        .map(|(value, _)| format!("{value} {}", count_of(value)))
        .collect::<Vec<_>>()
        .join(", ");

    let large_enough = expected
        .iter()
        .all(|(_, p)| n * p >= MIN_EXPECTED && n * (1.0 - p) >= MIN_EXPECTED);
    if !large_enough {
        let detail = format!("n={total} too small for a {SIGMAS}-sigma check: {shown}");
        return if examples.is_empty() {
            (Status::Skip, 0, examples, detail)
        } else {
            (Status::Fail, examples.len() as i64, examples, detail)
        };
    }
    for (value, p) in expected {
        let mean = n * p;
        let tolerance = SIGMAS * (n * p * (1.0 - p)).sqrt() + 0.5;
        let actual = count_of(value);
        if (actual as f64 - mean).abs() > tolerance {
            examples.push(format!(
                "{value}: {actual} of {total} (expected {mean:.1} ± {tolerance:.1})"
            ));
        }
    }
    let status = if examples.is_empty() {
        Status::Pass
    } else {
        Status::Fail
    };
    (
        status,
        examples.len() as i64,
        examples,
        format!("n={total}: {shown}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[(&str, i64)]) -> Vec<Category> {
        values
            .iter()
            .map(|(value, n)| Category {
                value: Some((*value).to_owned()),
                n: *n,
            })
            .collect()
    }

    const TIERS: [(&str, f64); 3] = [("free", 0.70), ("pro", 0.25), ("enterprise", 0.05)];

    #[test]
    fn a_distribution_near_its_shares_passes() {
        let (status, violations, _, detail) = judge_distribution(
            &counts(&[("free", 690), ("pro", 260), ("enterprise", 50)]),
            &TIERS,
        );
        assert_eq!((status, violations), (Status::Pass, 0), "{detail}");
    }

    #[test]
    fn a_skewed_distribution_fails_naming_the_category() {
        let (status, violations, examples, _) = judge_distribution(
            &counts(&[("free", 1000), ("pro", 0), ("enterprise", 0)]),
            &TIERS,
        );
        assert_eq!((status, violations), (Status::Fail, 3));
        assert!(
            examples[0].starts_with("free: 1000 of 1000"),
            "{examples:?}"
        );
    }

    #[test]
    fn small_samples_are_skipped_but_unknown_values_still_fail() {
        let (status, ..) = judge_distribution(&counts(&[("free", 40), ("pro", 10)]), &TIERS);
        assert_eq!(status, Status::Skip);
        let (status, violations, examples, _) =
            judge_distribution(&counts(&[("free", 40), ("gold", 1)]), &TIERS);
        assert_eq!((status, violations), (Status::Fail, 1));
        assert_eq!(examples, ["gold: 1 (not an allowed value)"]);
    }
}
