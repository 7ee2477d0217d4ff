//! The rule catalog: every data rule of SPEC §4 as one SQL query.
//!
//! A row rule's query selects one text column, `id`, naming each offending row (or, for a
//! count rule, describing the miscount); the runner wraps it to get the number of offenders
//! and the first few of them, so the work stays inside PostgreSQL however large the seed is.
//! A distribution rule's query groups rows by category; the runner compares the counts with the
//! contract's percentages.
//!
//! Rule ids are stable: scripts and tests match on them. Add rules, do not rename them.

use chrono::{DateTime, SecondsFormat, Utc};
use generator::{FAILURE_MESSAGES, JOB_MAX_ATTEMPTS, JobQuota, classification_of};

/// What the catalog needs to know about the database before building its queries.
#[derive(Debug, Clone)]
pub struct Context {
    /// `count(learning_plans)`: the P every job quota derives from.
    pub plans: i64,
    pub quota: JobQuota,
    /// The reference window, see [`super::Reference`].
    pub now_lo: Option<DateTime<Utc>>,
    pub now_hi: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub enum Check {
    /// Selects `id text` for every violation.
    Rows(String),
    /// Selects `value text, n bigint` per category; compared with `expected` shares.
    Distribution {
        sql: String,
        expected: Vec<(&'static str, f64)>,
    },
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: &'static str,
    pub description: String,
    pub check: Check,
}

fn rows(id: &'static str, description: impl Into<String>, sql: impl Into<String>) -> Rule {
    Rule {
        id,
        description: description.into(),
        check: Check::Rows(sql.into()),
    }
}

fn mix(
    id: &'static str,
    description: impl Into<String>,
    sql: impl Into<String>,
    expected: &[(&'static str, u32)],
) -> Rule {
    Rule {
        id,
        description: description.into(),
        check: Check::Distribution {
            sql: sql.into(),
            expected: expected
                .iter()
                .map(|(value, percent)| (*value, f64::from(*percent) / 100.0))
                .collect(),
        },
    }
}

/// A jsonb value as numeric, or NULL when it is not a JSON number. The CASE guarantees the
/// cast only runs on numbers (a WHERE clause's AND does not promise an evaluation order, and a
/// failed cast would abort the whole report).
fn num(expr: &str) -> String {
    format!("(CASE WHEN jsonb_typeof({expr}) = 'number' THEN ({expr})::text::numeric END)")
}

/// True when the jsonb value is an integral JSON number in `lo..=hi`; false otherwise (also
/// when it is missing), so `NOT int_in(..)` selects every bad row.
fn int_in(expr: &str, lo: i64, hi: i64) -> String {
    let n = num(expr);
    format!("coalesce({n} BETWEEN {lo} AND {hi} AND {n} = trunc({n}), false)")
}

fn ts(at: Option<DateTime<Utc>>) -> String {
    match at {
        Some(at) => format!(
            "'{}'::timestamptz",
            at.to_rfc3339_opts(SecondsFormat::Micros, true)
        ),
        // Empty tables: every comparison with NULL is unknown, so no row is selected.
        None => "NULL::timestamptz".to_owned(),
    }
}

fn sql_list(values: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    values
        .into_iter()
        .map(|value| format!("'{}'", value.as_ref().replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// HAVING clause selecting the parents whose children's `order` is not exactly 1..n.
///
/// min = 1, max = n and count = n leave only repeats to rule out; instead of a
/// `count(DISTINCT ..)`, which forces a sort of the whole table, the sum of squares must be
/// 1² + .. + n², which keeps the aggregate hashable. That is exact for n <= 3 (task_resources,
/// whose per-task limit is its own rule); modules and tasks are also held distinct by their
/// UNIQUE (parent, order) constraints.
const CONTIGUOUS: &str = "min(\"order\") <> 1 OR max(\"order\") <> count(*) \
     OR sum(\"order\"::bigint * \"order\") <> count(*) * (count(*) + 1) * (2 * count(*) + 1) / 6";

/// "<count> (expected <n>)" rows for a count that differs from the quota.
fn count_rule(
    id: &'static str,
    description: String,
    what: &str,
    from: &str,
    expected: u32,
) -> Rule {
    rows(
        id,
        description,
        format!(
            "SELECT '{what}: ' || n || ' (expected {expected})' AS id \
             FROM (SELECT count(*) AS n FROM {from}) c WHERE n <> {expected}"
        ),
    )
}

pub fn catalog(ctx: &Context) -> Vec<Rule> {
    let mut rules = Vec::new();
    jobs_volume(ctx, &mut rules);
    jobs_by_status(ctx, &mut rules);
    jobs_always(&mut rules);
    plans_and_content(&mut rules);
    users(ctx, &mut rules);
    resources(&mut rules);
    progress_generations_attempts(&mut rules);
    rules.push(rows(
        "rows.updated_not_before_created",
        "no row was updated before it was created",
        [
            "users",
            "learning_plans",
            "modules",
            "tasks",
            "task_progress",
            "job_queue",
        ]
        .iter()
        .map(|table| {
            format!("SELECT '{table}/' || id AS id FROM {table} WHERE updated_at < created_at")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL "),
    ));
    rules
}

fn jobs_volume(ctx: &Context, rules: &mut Vec<Rule>) {
    let q = &ctx.quota;
    let p = ctx.plans;
    rules.push(count_rule(
        "job_queue.linked_count",
        format!("plan-linked jobs = round(0.40 x {p} plans) = {}", q.linked),
        "plan-linked jobs",
        "job_queue WHERE plan_id IS NOT NULL",
        q.linked,
    ));
    rules.push(rows(
        "job_queue.one_job_per_plan",
        "each plan has at most one job (the linked jobs cover distinct plans)",
        "SELECT plan_id::text AS id FROM job_queue WHERE plan_id IS NOT NULL \
         GROUP BY plan_id HAVING count(*) > 1",
    ));
    rules.push(count_rule(
        "job_queue.orphan_count",
        format!(
            "orphan jobs = round(0.20 x {} linked) = {}",
            q.linked, q.orphans
        ),
        "orphan jobs",
        "job_queue WHERE plan_id IS NULL",
        q.orphans,
    ));
    let expected = q
        .by_status
        .iter()
        .map(|(status, n)| format!("('{status}', {n})"))
        .collect::<Vec<_>>()
        .join(", ");
    let shown = q
        .by_status
        .iter()
        .map(|(status, n)| format!("{status} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    rules.push(rows(
        "job_queue.status_quota",
        format!("status counts are the largest-remainder quotas 15/10/60/15 of {} jobs: {shown}", q.total()),
        format!(
            "SELECT e.status || ': ' || coalesce(a.n, 0) || ' (expected ' || e.n || ')' AS id \
             FROM (VALUES {expected}) AS e(status, n) \
             LEFT JOIN (SELECT status::text AS status, count(*) AS n FROM job_queue GROUP BY status) a \
             USING (status) WHERE coalesce(a.n, 0) <> e.n"
        ),
    ));
    rules.push(rows(
        "job_queue.orphan.status",
        "orphan jobs are only pending or failed (completed and processing jobs always have a plan)",
        "SELECT id::text AS id FROM job_queue WHERE plan_id IS NULL AND status NOT IN ('pending', 'failed')",
    ));
}

fn jobs_by_status(ctx: &Context, rules: &mut Vec<Rule>) {
    let lo = ts(ctx.now_lo);
    let hi = ts(ctx.now_hi);
    let job = |id, description: &str, status: &str, condition: String| {
        rows(
            id,
            description,
            format!(
                "SELECT id::text AS id FROM job_queue WHERE status = '{status}' AND ({condition})"
            ),
        )
    };

    // pending
    rules.push(job(
        "job_queue.pending.attempts",
        "pending jobs have 0 attempts",
        "pending",
        "attempts <> 0".into(),
    ));
    rules.push(job(
        "job_queue.pending.priority",
        "pending jobs have priority 0-9",
        "pending",
        "priority NOT BETWEEN 0 AND 9".into(),
    ));
    rules.push(job(
        "job_queue.pending.untouched",
        "pending jobs have no started_at, completed_at, lock, result or error",
        "pending",
        "started_at IS NOT NULL OR completed_at IS NOT NULL OR locked_at IS NOT NULL \
         OR locked_by IS NOT NULL OR result IS NOT NULL OR error IS NOT NULL"
            .into(),
    ));
    rules.push(job(
        "job_queue.pending.scheduled_window",
        "pending jobs are scheduled within the 48 h before now",
        "pending",
        format!("scheduled_for < {lo} - interval '48 hours'"),
    ));
    rules.push(job(
        "job_queue.pending.timestamps_ordered",
        "pending: created_at <= scheduled_for",
        "pending",
        "created_at > scheduled_for".into(),
    ));

    // processing
    rules.push(job(
        "job_queue.processing.attempts",
        "processing jobs have 1-2 attempts",
        "processing",
        "attempts NOT BETWEEN 1 AND 2".into(),
    ));
    rules.push(job(
        "job_queue.processing.lock",
        "processing jobs are locked: locked_at = started_at, locked_by worker-1..worker-5",
        "processing",
        "locked_at IS NULL OR locked_at IS DISTINCT FROM started_at OR locked_by IS NULL \
         OR locked_by !~ '^worker-[1-5]$'"
            .into(),
    ));
    rules.push(job(
        "job_queue.processing.started_window",
        "processing jobs started within the last hour",
        "processing",
        format!("started_at IS NULL OR started_at < {lo} - interval '1 hour'"),
    ));
    rules.push(job(
        "job_queue.processing.scheduled_shortly_before",
        "processing jobs were scheduled shortly (at most 10 minutes) before they started",
        "processing",
        "scheduled_for < started_at - interval '10 minutes'".into(),
    ));
    rules.push(job(
        "job_queue.processing.unfinished",
        "processing jobs have no completed_at, result or error",
        "processing",
        "completed_at IS NOT NULL OR result IS NOT NULL OR error IS NOT NULL".into(),
    ));
    rules.push(job(
        "job_queue.processing.timestamps_ordered",
        "processing: created_at <= scheduled_for <= started_at",
        "processing",
        "created_at > scheduled_for OR scheduled_for > started_at".into(),
    ));

    // completed
    rules.push(job(
        "job_queue.completed.attempts",
        "completed jobs have 1-2 attempts",
        "completed",
        "attempts NOT BETWEEN 1 AND 2".into(),
    ));
    rules.push(job(
        "job_queue.completed.finished",
        "completed jobs have started_at and completed_at, no lock and no error",
        "completed",
        "started_at IS NULL OR completed_at IS NULL OR locked_at IS NOT NULL \
         OR locked_by IS NOT NULL OR error IS NOT NULL"
            .into(),
    ));
    let result_keys = "array['planId', 'modulesCount', 'tasksCount', 'durationMs']";
    rules.push(job(
        "job_queue.completed.result",
        "completed jobs have result {planId, modulesCount 4-6, tasksCount 18-30, durationMs 12000-20000}",
        "completed",
        format!(
            "CASE WHEN jsonb_typeof(result) IS DISTINCT FROM 'object' THEN true ELSE NOT ( \
             result ?& {result_keys} AND (result - {result_keys}) = '{{}}'::jsonb \
             AND jsonb_typeof(result->'planId') = 'string' \
             AND {} AND {} AND {}) END",
            int_in("result->'modulesCount'", 4, 6),
            int_in("result->'tasksCount'", 18, 30),
            int_in("result->'durationMs'", 12_000, 20_000),
        ),
    ));
    rules.push(job(
        "job_queue.completed.duration",
        "completed jobs finished exactly durationMs after they started",
        "completed",
        format!(
            "completed_at IS DISTINCT FROM started_at + {} * interval '1 millisecond'",
            num("result->'durationMs'")
        ),
    ));
    rules.push(job(
        "job_queue.completed.scheduled_window",
        "completed jobs were scheduled 1-14 days before now",
        "completed",
        format!(
            "scheduled_for < {lo} - interval '14 days' OR scheduled_for > {hi} - interval '1 day'"
        ),
    ));
    rules.push(job(
        "job_queue.completed.timestamps_ordered",
        "completed: created_at <= scheduled_for <= started_at <= completed_at",
        "completed",
        "created_at > scheduled_for OR scheduled_for > started_at OR started_at > completed_at"
            .into(),
    ));

    // failed
    rules.push(job(
        "job_queue.failed.attempts",
        &format!("failed jobs used every attempt: attempts = max_attempts = {JOB_MAX_ATTEMPTS}"),
        "failed",
        format!("attempts <> {JOB_MAX_ATTEMPTS} OR attempts <> max_attempts"),
    ));
    rules.push(job(
        "job_queue.failed.finished",
        "failed jobs have started_at and completed_at (the failure time), no lock and no result",
        "failed",
        "started_at IS NULL OR completed_at IS NULL OR locked_at IS NOT NULL \
         OR locked_by IS NOT NULL OR result IS NOT NULL"
            .into(),
    ));
    rules.push(job(
        "job_queue.failed.error",
        "failed jobs carry one of the note's five error messages",
        "failed",
        format!(
            "error IS NULL OR error NOT IN ({})",
            sql_list(FAILURE_MESSAGES)
        ),
    ));
    rules.push(job(
        "job_queue.failed.scheduled_window",
        "failed jobs were scheduled 1-14 days before now",
        "failed",
        format!(
            "scheduled_for < {lo} - interval '14 days' OR scheduled_for > {hi} - interval '1 day'"
        ),
    ));
    rules.push(job(
        "job_queue.failed.timestamps_ordered",
        "failed: created_at <= scheduled_for <= started_at <= completed_at",
        "failed",
        "created_at > scheduled_for OR scheduled_for > started_at OR started_at > completed_at"
            .into(),
    ));
}

fn jobs_always(rules: &mut Vec<Rule>) {
    let all = |id, description: &str, condition: String| {
        rows(
            id,
            description,
            format!("SELECT id::text AS id FROM job_queue WHERE {condition}"),
        )
    };
    rules.push(all(
        "job_queue.job_type",
        "every job is plan_generation",
        "job_type <> 'plan_generation'".into(),
    ));
    rules.push(all(
        "job_queue.max_attempts",
        &format!("every job has max_attempts {JOB_MAX_ATTEMPTS}"),
        format!("max_attempts <> {JOB_MAX_ATTEMPTS}"),
    ));
    rules.push(all(
        "job_queue.non_pending.priority",
        "processing, completed and failed jobs have priority 0",
        "status <> 'pending' AND priority <> 0".into(),
    ));
    rules.push(all(
        "job_queue.updated_at_latest",
        "updated_at is the latest of created_at, scheduled_for, started_at, completed_at",
        "updated_at IS DISTINCT FROM GREATEST(created_at, scheduled_for, started_at, completed_at)"
            .into(),
    ));
    rules.push(all(
        "job_queue.result.plan_id",
        "a job's result.planId is its plan_id",
        "result IS NOT NULL AND (result->>'planId') IS DISTINCT FROM plan_id::text".into(),
    ));
    let payload_keys = "array['topic', 'skillLevel', 'weeklyHours', 'learningStyle', 'requestId']";
    rules.push(all(
        "job_queue.payload.shape",
        "payload is {topic, skillLevel, weeklyHours 3-12, learningStyle, requestId} with valid values",
        format!(
            "CASE WHEN jsonb_typeof(payload) IS DISTINCT FROM 'object' THEN true ELSE NOT coalesce( \
             payload ?& {payload_keys} AND (payload - {payload_keys}) = '{{}}'::jsonb \
             AND jsonb_typeof(payload->'topic') = 'string' AND btrim(payload->>'topic') <> '' \
             AND jsonb_typeof(payload->'skillLevel') = 'string' \
             AND payload->>'skillLevel' IN ('beginner', 'intermediate', 'advanced') \
             AND jsonb_typeof(payload->'learningStyle') = 'string' \
             AND payload->>'learningStyle' IN ('reading', 'video', 'practice', 'mixed') \
             AND jsonb_typeof(payload->'requestId') = 'string' \
             AND {}, false) END",
            int_in("payload->'weeklyHours'", 3, 12)
        ),
    ));
    // Milliseconds since the epoch without floating point: PostgreSQL 13's EXTRACT returns a
    // double, which cannot hold epoch milliseconds plus a fraction exactly.
    let created_ms = "(extract(epoch FROM date_trunc('second', created_at))::bigint * 1000 \
                      + floor(extract(milliseconds FROM created_at))::bigint % 1000)";
    rules.push(all(
        "job_queue.payload.request_id",
        "payload.requestId is req_<created_at in ms>_<index>",
        format!(
            "NOT coalesce(payload->>'requestId' ~ ('^req_' || {created_ms} || '_[0-9]+$'), false)"
        ),
    ));
    rules.push(rows(
        "job_queue.payload.request_id_unique",
        "no two jobs share a requestId",
        "SELECT payload->>'requestId' AS id FROM job_queue WHERE payload ? 'requestId' \
         GROUP BY payload->>'requestId' HAVING count(*) > 1",
    ));
    let linked = |id, description: &str, condition: &str| {
        rows(
            id,
            description,
            format!(
                "SELECT j.id::text AS id FROM job_queue j JOIN learning_plans p ON p.id = j.plan_id \
                 WHERE {condition}"
            ),
        )
    };
    rules.push(linked(
        "job_queue.linked.mirrors_plan",
        "a plan-linked job's payload mirrors its plan (topic, skillLevel, weeklyHours, learningStyle)",
        "j.payload->>'topic' IS DISTINCT FROM p.topic \
         OR j.payload->>'skillLevel' IS DISTINCT FROM p.skill_level::text \
         OR j.payload->>'weeklyHours' IS DISTINCT FROM p.weekly_hours::text \
         OR j.payload->>'learningStyle' IS DISTINCT FROM p.learning_style::text",
    ));
    rules.push(linked(
        "job_queue.linked.owner",
        "a plan-linked job belongs to the plan's owner",
        "j.user_id <> p.user_id",
    ));
    rules.push(linked(
        "job_queue.linked.plan_origin_ai",
        "a plan with a job has origin 'ai'",
        "p.origin <> 'ai'",
    ));
}

fn plans_and_content(rules: &mut Vec<Rule>) {
    let plan = |id, description: &str, condition: &str| {
        rows(
            id,
            description,
            format!("SELECT p.id::text AS id FROM learning_plans p WHERE {condition}"),
        )
    };
    rules.push(plan(
        "learning_plans.weekly_hours",
        "weekly_hours is 3-12",
        "p.weekly_hours NOT BETWEEN 3 AND 12",
    ));
    rules.push(plan(
        "learning_plans.topic_filled",
        "the topic is a non-empty text without placeholder braces",
        "btrim(p.topic) = '' OR p.topic ~ '[{}]'",
    ));
    rules.push(plan(
        "learning_plans.visibility_values",
        "visibility is private or public",
        "p.visibility NOT IN ('private', 'public')",
    ));
    rules.push(plan(
        "learning_plans.origin_values",
        "origin is ai, template or manual",
        "p.origin NOT IN ('ai', 'template', 'manual')",
    ));
    rules.push(plan(
        "learning_plans.created_after_owner",
        "a plan is created after its owner",
        "p.created_at <= (SELECT u.created_at FROM users u WHERE u.id = p.user_id)",
    ));
    // "Sensible around created_at": the UTC creation day is the anchor (dates carry no zone).
    rules.push(plan(
        "learning_plans.dates",
        "start_date within 30 days of creation (UTC day), deadline_date 1-365 days after start",
        "p.start_date IS NULL OR p.deadline_date IS NULL \
         OR p.start_date NOT BETWEEN (p.created_at AT TIME ZONE 'UTC')::date - 30 \
                             AND (p.created_at AT TIME ZONE 'UTC')::date + 30 \
         OR p.deadline_date NOT BETWEEN p.start_date + 1 AND p.start_date + 365",
    ));
    rules.push(rows(
        "learning_plans.completed_job_content",
        "a plan whose job completed has exactly result.modulesCount modules and result.tasksCount tasks",
        format!(
            "WITH m AS (SELECT plan_id, count(*) AS modules FROM modules GROUP BY plan_id), \
             t AS (SELECT m.plan_id, count(*) AS tasks FROM tasks t JOIN modules m ON m.id = t.module_id \
                   GROUP BY m.plan_id) \
             SELECT j.plan_id::text AS id FROM job_queue j \
             LEFT JOIN m ON m.plan_id = j.plan_id LEFT JOIN t ON t.plan_id = j.plan_id \
             WHERE j.status = 'completed' AND j.plan_id IS NOT NULL \
             AND (coalesce(m.modules, 0)::numeric IS DISTINCT FROM {} \
                  OR coalesce(t.tasks, 0)::numeric IS DISTINCT FROM {})",
            num("j.result->'modulesCount'"),
            num("j.result->'tasksCount'")
        ),
    ));
    rules.push(rows(
        "learning_plans.unfinished_job_no_modules",
        "a plan whose job is pending, processing or failed has no modules yet",
        "SELECT j.plan_id::text AS id FROM job_queue j WHERE j.status <> 'completed' \
         AND EXISTS (SELECT 1 FROM modules m WHERE m.plan_id = j.plan_id)",
    ));
    rules.push(rows(
        "learning_plans.no_job_content",
        "a plan without a job has 3-6 modules of 4-8 tasks each",
        "WITH tc AS (SELECT module_id, count(*) AS n FROM tasks GROUP BY module_id), \
         pm AS (SELECT m.plan_id, count(*) AS modules, min(coalesce(tc.n, 0)) AS fewest, \
                       max(coalesce(tc.n, 0)) AS most \
                FROM modules m LEFT JOIN tc ON tc.module_id = m.id GROUP BY m.plan_id) \
         SELECT p.id::text AS id FROM learning_plans p LEFT JOIN pm ON pm.plan_id = p.id \
         WHERE NOT EXISTS (SELECT 1 FROM job_queue j WHERE j.plan_id = p.id) \
         AND NOT coalesce(pm.modules BETWEEN 3 AND 6 AND pm.fewest >= 4 AND pm.most <= 8, false)",
    ));
    rules.push(mix(
        "learning_plans.skill_level_mix",
        "skill_level beginner 50 / intermediate 35 / advanced 15 %",
        "SELECT skill_level::text AS value, count(*) AS n FROM learning_plans GROUP BY 1",
        &[("beginner", 50), ("intermediate", 35), ("advanced", 15)],
    ));
    rules.push(mix(
        "learning_plans.learning_style_mix",
        "learning_style reading 35 / video 25 / practice 15 / mixed 25 %",
        "SELECT learning_style::text AS value, count(*) AS n FROM learning_plans GROUP BY 1",
        &[
            ("reading", 35),
            ("video", 25),
            ("practice", 15),
            ("mixed", 25),
        ],
    ));
    rules.push(mix(
        "learning_plans.visibility_mix",
        "visibility private 80 / public 20 %",
        "SELECT visibility AS value, count(*) AS n FROM learning_plans GROUP BY 1",
        &[("private", 80), ("public", 20)],
    ));
    rules.push(mix(
        "learning_plans.origin_mix",
        "origin ai 85 / template 10 / manual 5 %",
        "SELECT origin AS value, count(*) AS n FROM learning_plans GROUP BY 1",
        &[("ai", 85), ("template", 10), ("manual", 5)],
    ));

    for (table, parent, lo, hi) in [
        ("modules", "plan_id", 60, 480),
        ("tasks", "module_id", 15, 120),
    ] {
        rules.push(rows(
            if table == "modules" {
                "modules.order_contiguous"
            } else {
                "tasks.order_contiguous"
            },
            format!("{table} order is exactly 1..n within each parent ({parent})"),
            format!(
                "SELECT {parent}::text AS id FROM {table} GROUP BY {parent} \
                 HAVING {CONTIGUOUS}"
            ),
        ));
        rules.push(rows(
            if table == "modules" { "modules.estimated_minutes" } else { "tasks.estimated_minutes" },
            format!("{table} estimated_minutes is {lo}-{hi}"),
            format!("SELECT id::text AS id FROM {table} WHERE estimated_minutes NOT BETWEEN {lo} AND {hi}"),
        ));
    }
    rules.push(rows(
        "modules.title_filled",
        "module titles are filled sentences naming the plan's topic (no '{' placeholder)",
        "SELECT m.id::text AS id FROM modules m JOIN learning_plans p ON p.id = m.plan_id \
         WHERE btrim(m.title) = '' OR m.title ~ '[{}]' OR coalesce(m.description, '') ~ '[{}]' \
         OR strpos(m.title, p.topic) = 0",
    ));
    rules.push(rows(
        "tasks.title_filled",
        "task titles are filled sentences naming the plan's topic (no '{' placeholder)",
        "SELECT t.id::text AS id FROM tasks t JOIN modules m ON m.id = t.module_id \
         JOIN learning_plans p ON p.id = m.plan_id \
         WHERE btrim(t.title) = '' OR t.title ~ '[{}]' OR coalesce(t.description, '') ~ '[{}]' \
         OR strpos(t.title, p.topic) = 0",
    ));
}

fn users(ctx: &Context, rules: &mut Vec<Rule>) {
    let lo = ts(ctx.now_lo);
    let hi = ts(ctx.now_hi);
    rules.push(rows(
        "users.email_unique",
        "emails are unique (case-insensitively)",
        "SELECT lower(email) AS id FROM users GROUP BY lower(email) HAVING count(*) > 1",
    ));
    rules.push(rows(
        "users.clerk_user_id_unique",
        "clerk user ids are unique",
        "SELECT clerk_user_id AS id FROM users GROUP BY clerk_user_id HAVING count(*) > 1",
    ));
    rules.push(rows(
        "users.profile",
        "users have a name, a well-formed email and a clerk id",
        "SELECT id::text AS id FROM users WHERE name IS NULL OR btrim(name) = '' \
         OR email !~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' OR btrim(clerk_user_id) = ''",
    ));
    rules.push(rows(
        "users.signup_window",
        "users were created between 400 and 15 days before now",
        format!(
            "SELECT id::text AS id FROM users WHERE created_at < {lo} - interval '400 days' \
             OR created_at > {hi} - interval '15 days'"
        ),
    ));
    rules.push(rows(
        "users.subscription_tier_values",
        "subscription_tier is free, pro or enterprise",
        "SELECT id::text AS id FROM users WHERE subscription_tier IS NULL \
         OR subscription_tier NOT IN ('free', 'pro', 'enterprise')",
    ));
    rules.push(mix(
        "users.subscription_tier_mix",
        "subscription_tier free 70 / pro 25 / enterprise 5 %",
        "SELECT subscription_tier AS value, count(*) AS n FROM users GROUP BY 1",
        &[("free", 70), ("pro", 25), ("enterprise", 5)],
    ));
}

fn resources(rules: &mut Vec<Rule>) {
    let resource = |id, description: &str, condition: &str| {
        rows(
            id,
            description,
            format!("SELECT id::text AS id FROM resources WHERE {condition}"),
        )
    };
    rules.push(resource(
        "resources.url_https",
        "url is a well-formed https URL (DNS host, no spaces)",
        "url !~* '^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]+)?([/?#][^[:space:]]*)?$'",
    ));
    rules.push(resource(
        "resources.url_host_matches_domain",
        "the url's host is the domain column",
        "lower(substring(url FROM '^[a-zA-Z]+://([^/?#:]+)')) IS DISTINCT FROM lower(domain)",
    ));
    rules.push(rows(
        "resources.url_unique",
        "urls are unique",
        "SELECT url AS id FROM resources GROUP BY url HAVING count(*) > 1",
    ));
    rules.push(resource(
        "resources.tags",
        "1-3 distinct, non-empty tags",
        "tags IS NULL OR cardinality(tags) NOT BETWEEN 1 AND 3 OR array_position(tags, NULL) IS NOT NULL \
         OR '' = ANY(tags) OR (SELECT count(DISTINCT tag) FROM unnest(tags) AS tag) <> cardinality(tags)",
    ));
    rules.push(resource(
        "resources.currency",
        "currency is an ISO 4217 style code (three uppercase letters)",
        "currency IS NULL OR currency !~ '^[A-Z]{3}$'",
    ));
    rules.push(resource(
        "resources.cost_and_duration",
        "cost_cents and duration_minutes are set and >= 0",
        "cost_cents IS NULL OR cost_cents < 0 OR duration_minutes IS NULL OR duration_minutes < 0",
    ));
    rules.push(mix(
        "resources.type_mix",
        "type article 35 / youtube 25 / doc 15 / course 15 / other 10 %",
        "SELECT type::text AS value, count(*) AS n FROM resources GROUP BY 1",
        &[
            ("article", 35),
            ("youtube", 25),
            ("doc", 15),
            ("course", 15),
            ("other", 10),
        ],
    ));
    rules.push(rows(
        "task_resources.per_task",
        "a task links at most 3 resources",
        "SELECT task_id::text AS id FROM task_resources GROUP BY task_id HAVING count(*) > 3",
    ));
    rules.push(rows(
        "task_resources.distinct",
        "a task links each resource at most once",
        "SELECT task_id || '/' || resource_id AS id FROM task_resources \
         GROUP BY task_id, resource_id HAVING count(*) > 1",
    ));
    rules.push(rows(
        "task_resources.order_contiguous",
        "task_resources order is exactly 1..k within each task",
        format!(
            "SELECT task_id::text AS id FROM task_resources GROUP BY task_id \
         HAVING {CONTIGUOUS}"
        ),
    ));
}

fn progress_generations_attempts(rules: &mut Vec<Rule>) {
    let with_plan = "FROM task_progress tp JOIN tasks t ON t.id = tp.task_id \
                     JOIN modules m ON m.id = t.module_id JOIN learning_plans p ON p.id = m.plan_id";
    rules.push(rows(
        "task_progress.owner_only",
        "progress rows belong to the owner of the task's plan",
        format!("SELECT tp.id::text AS id {with_plan} WHERE tp.user_id <> p.user_id"),
    ));
    rules.push(rows(
        "task_progress.completed_at_iff_completed",
        "completed_at is set exactly when status is completed",
        "SELECT id::text AS id FROM task_progress WHERE (status = 'completed') <> (completed_at IS NOT NULL)",
    ));
    rules.push(rows(
        "task_progress.completed_after_plan",
        "completed_at is after the plan's creation",
        format!("SELECT tp.id::text AS id {with_plan} WHERE tp.completed_at <= p.created_at"),
    ));
    rules.push(mix(
        "task_progress.status_mix",
        "progress not_started 40 / completed 35 / in_progress 25 %",
        "SELECT status::text AS value, count(*) AS n FROM task_progress GROUP BY 1",
        &[("not_started", 40), ("completed", 35), ("in_progress", 25)],
    ));

    rules.push(rows(
        "plan_generations.plan_has_modules",
        "plan_generations exist only for plans that have modules",
        "SELECT g.id::text AS id FROM plan_generations g \
         WHERE NOT EXISTS (SELECT 1 FROM modules m WHERE m.plan_id = g.plan_id)",
    ));
    rules.push(rows(
        "plan_generations.prompt_mirrors_plan",
        "a generation's prompt mirrors its plan (topic, skillLevel, weeklyHours, learningStyle)",
        "SELECT g.id::text AS id FROM plan_generations g JOIN learning_plans p ON p.id = g.plan_id \
         WHERE g.prompt->>'topic' IS DISTINCT FROM p.topic \
         OR g.prompt->>'skillLevel' IS DISTINCT FROM p.skill_level::text \
         OR g.prompt->>'weeklyHours' IS DISTINCT FROM p.weekly_hours::text \
         OR g.prompt->>'learningStyle' IS DISTINCT FROM p.learning_style::text",
    ));
    rules.push(mix(
        "plan_generations.share",
        "about 30 % of the plans with modules have a plan_generations record",
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM plan_generations g WHERE g.plan_id = p.id) \
                THEN 'with' ELSE 'without' END AS value, count(*) AS n \
         FROM learning_plans p WHERE EXISTS (SELECT 1 FROM modules m WHERE m.plan_id = p.id) GROUP BY 1",
        &[("with", 30), ("without", 70)],
    ));

    let mut classifications: Vec<&str> = FAILURE_MESSAGES
        .iter()
        .filter_map(|message| classification_of(message))
        .collect();
    classifications.sort_unstable();
    classifications.dedup();
    rules.push(rows(
        "generation_attempts.classification",
        format!(
            "success attempts have no classification; failures have one of: {}",
            classifications.join(", ")
        ),
        format!(
            "SELECT id::text AS id FROM generation_attempts \
             WHERE (status = 'success' AND classification IS NOT NULL) \
             OR (status = 'failure' AND (classification IS NULL OR classification NOT IN ({})))",
            sql_list(&classifications)
        ),
    ));
    rules.push(rows(
        "generation_attempts.per_job",
        "one attempt per worker attempt of the plan's job: completed a -> a-1 failures + 1 success; \
         failed -> 3 failures; processing a -> a-1 failures; pending or no job -> none",
        "WITH a AS (SELECT plan_id, count(*) FILTER (WHERE status = 'failure') AS failures, \
                           count(*) FILTER (WHERE status = 'success') AS successes \
                    FROM generation_attempts GROUP BY plan_id) \
         SELECT p.id::text AS id FROM learning_plans p \
         LEFT JOIN job_queue j ON j.plan_id = p.id LEFT JOIN a ON a.plan_id = p.id \
         WHERE (coalesce(a.failures, 0), coalesce(a.successes, 0)) IS DISTINCT FROM ( \
             CASE j.status WHEN 'completed' THEN j.attempts - 1 WHEN 'processing' THEN j.attempts - 1 \
                           WHEN 'failed' THEN j.attempts ELSE 0 END::bigint, \
             CASE WHEN j.status = 'completed' THEN 1 ELSE 0 END::bigint)",
    ));
    rules.push(rows(
        "generation_attempts.success_matches_result",
        "a success attempt carries its job's durationMs, modulesCount and tasksCount",
        format!(
            "SELECT a.id::text AS id FROM generation_attempts a JOIN job_queue j ON j.plan_id = a.plan_id \
             WHERE a.status = 'success' AND (j.status <> 'completed' \
             OR a.duration_ms::numeric IS DISTINCT FROM {} \
             OR a.modules_count::numeric IS DISTINCT FROM {} \
             OR a.tasks_count::numeric IS DISTINCT FROM {})",
            num("j.result->'durationMs'"),
            num("j.result->'modulesCount'"),
            num("j.result->'tasksCount'")
        ),
    ));
    rules.push(rows(
        "generation_attempts.within_job_time",
        "attempts happened between the job's creation and its last start or completion; \
         metadata.jobId, when present, names that job",
        "SELECT a.id::text AS id FROM generation_attempts a JOIN job_queue j ON j.plan_id = a.plan_id \
         WHERE a.created_at < j.created_at \
         OR a.created_at > coalesce(j.completed_at, j.started_at) \
         OR (a.metadata ? 'jobId' AND a.metadata->>'jobId' IS DISTINCT FROM j.id::text)",
    ));
}
