//! The four SQL queries of the user's note (`job-queue-seed-strategy.md`, "Testing with
//! Supabase MCP"), run verbatim so the report shows exactly what the user would see.
//!
//! Each query is wrapped as `SELECT * FROM (<query>) q LIMIT n` so an unbounded one (the failed
//! jobs list) cannot flood the report at millions of rows; the full row count is reported
//! beside the rows shown.

use chrono::{DateTime, SecondsFormat, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::{PgConnection, QueryableByName};
use schema::JobStatus;
use schema::schema::sql_types::JobStatus as SqlJobStatus;
use serde_json::{Value, json};
use uuid::Uuid;

/// Rows shown per query.
pub const MAX_ROWS: i64 = 20;

/// One of the note's queries with the rows it returned.
#[derive(Debug, Clone)]
pub struct NoteQuery {
    pub name: &'static str,
    pub sql: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
    /// Rows the query returns in all; `rows` holds at most [`MAX_ROWS`] of them.
    pub row_count: i64,
}

const STATUS_DISTRIBUTION: &str = "SELECT status, COUNT(*) as count
FROM job_queue
GROUP BY status
ORDER BY status;";

const RECENT_PENDING: &str = "SELECT id, priority, scheduled_for, payload->>'topic' as topic
FROM job_queue
WHERE status = 'pending'
ORDER BY priority DESC, scheduled_for ASC
LIMIT 10;";

const FAILED_WITH_ERRORS: &str = "SELECT payload->>'topic' as topic, error, attempts
FROM job_queue
WHERE status = 'failed';";

const PROCESSING_LOCKED: &str = "SELECT locked_by, COUNT(*) as active_jobs
FROM job_queue
WHERE status = 'processing'
GROUP BY locked_by;";

#[derive(QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = SqlJobStatus)]
    status: JobStatus,
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(QueryableByName)]
struct PendingJob {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Int4)]
    priority: i32,
    #[diesel(sql_type = Timestamptz)]
    scheduled_for: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    topic: Option<String>,
}

#[derive(QueryableByName)]
struct FailedJob {
    #[diesel(sql_type = Nullable<Text>)]
    topic: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    error: Option<String>,
    #[diesel(sql_type = Int4)]
    attempts: i32,
}

#[derive(QueryableByName)]
struct WorkerLoad {
    #[diesel(sql_type = Nullable<Text>)]
    locked_by: Option<String>,
    #[diesel(sql_type = BigInt)]
    active_jobs: i64,
}

#[derive(QueryableByName)]
struct RowCount {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn wrapped(sql: &str) -> String {
    let sql = sql.trim().trim_end_matches(';');
    format!("SELECT * FROM ({sql}) AS q LIMIT {MAX_ROWS}")
}

fn row_count(conn: &mut PgConnection, sql: &str) -> DbResult<i64> {
    let sql = sql.trim().trim_end_matches(';');
    Ok(
        diesel::sql_query(format!("SELECT count(*) AS n FROM ({sql}) AS q"))
            .get_result::<RowCount>(conn)?
            .n,
    )
}

type DbResult<T> = Result<T, diesel::result::Error>;

fn text(value: Option<String>) -> Value {
    value.map_or(Value::Null, Value::String)
}

pub fn run_all(conn: &mut PgConnection) -> DbResult<Vec<NoteQuery>> {
    let status_rows = diesel::sql_query(wrapped(STATUS_DISTRIBUTION))
        .load::<StatusCount>(conn)?
        .into_iter()
        .map(|row| vec![json!(row.status.as_str()), json!(row.count)])
        .collect();
    let pending_rows = diesel::sql_query(wrapped(RECENT_PENDING))
        .load::<PendingJob>(conn)?
        .into_iter()
        .map(|row| {
            vec![
                json!(row.id.to_string()),
                json!(row.priority),
                json!(row.scheduled_for.to_rfc3339_opts(SecondsFormat::Secs, true)),
                text(row.topic),
            ]
        })
        .collect();
    let failed_rows = diesel::sql_query(wrapped(FAILED_WITH_ERRORS))
        .load::<FailedJob>(conn)?
        .into_iter()
        .map(|row| vec![text(row.topic), text(row.error), json!(row.attempts)])
        .collect();
    let worker_rows = diesel::sql_query(wrapped(PROCESSING_LOCKED))
        .load::<WorkerLoad>(conn)?
        .into_iter()
        .map(|row| vec![text(row.locked_by), json!(row.active_jobs)])
        .collect();

    let mut results = Vec::new();
    for (name, sql, columns, rows) in [
        (
            "Status distribution",
            STATUS_DISTRIBUTION,
            vec!["status", "count"],
            status_rows,
        ),
        (
            "Recent pending jobs",
            RECENT_PENDING,
            vec!["id", "priority", "scheduled_for", "topic"],
            pending_rows,
        ),
        (
            "Failed jobs with errors",
            FAILED_WITH_ERRORS,
            vec!["topic", "error", "attempts"],
            failed_rows,
        ),
        (
            "Processing jobs (locked)",
            PROCESSING_LOCKED,
            vec!["locked_by", "active_jobs"],
            worker_rows,
        ),
    ] {
        results.push(NoteQuery {
            name,
            sql,
            columns,
            rows,
            row_count: row_count(conn, sql)?,
        });
    }
    Ok(results)
}
