//! The binary COPY encoder and the index rebuild, against a real PostgreSQL.
//!
//! Oracle: Diesel's own INSERT serialisation. Every table written through our encoder must
//! read back exactly as the same rows written through `insert_into(..).values(..)`.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::{TestDb, all_digests, assert_ok, seeder};
use diesel::connection::Connection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use generator::{Batch, Generator, SeedConfig, Table};
use schema::{
    JobStatus, JobType, LearningStyle, NewJob, NewLearningPlan, NewResource, NewUser, ResourceType,
    SkillLevel,
};
use seeder::load::{copy_rows, insert_batch};
use serde_json::json;
use uuid::Uuid;

fn copy_batch(conn: &mut PgConnection, batch: &Batch) {
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        copy_rows(conn, &batch.users, false)?;
        copy_rows(conn, &batch.learning_plans, false)?;
        copy_rows(conn, &batch.modules, false)?;
        copy_rows(conn, &batch.tasks, false)?;
        copy_rows(conn, &batch.resources, false)?;
        copy_rows(conn, &batch.task_resources, false)?;
        copy_rows(conn, &batch.task_progress, false)?;
        copy_rows(conn, &batch.plan_generations, false)?;
        copy_rows(conn, &batch.generation_attempts, false)?;
        copy_rows(conn, &batch.job_queue, false)?;
        Ok(())
    })
    .expect("COPY");
}

fn insert(conn: &mut PgConnection, batch: &Batch) {
    insert_batch(conn, batch).expect("INSERT");
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

#[test]
fn every_table_round_trips_through_copy_like_insert() {
    let now = time("2026-01-15T12:00:00Z");
    let generator = Generator::new(SeedConfig {
        users: 8,
        plans: 40,
        resources: 30,
        seed: 77,
        now,
    })
    .unwrap();
    let batch = generator.dataset();
    let counts = batch.row_counts();
    for table in Table::ALL {
        assert!(counts.get(table) > 0, "the sample must exercise {table}");
    }

    let copied = TestDb::migrated();
    let inserted = TestDb::migrated();
    copy_batch(&mut copied.conn(), &batch);
    insert(&mut inserted.conn(), &batch);
    let copied_digests = all_digests(&mut copied.conn());
    assert_eq!(copied_digests, all_digests(&mut inserted.conn()));
    for (table, rows) in counts.iter() {
        assert_eq!(
            common::rows(&mut copied.conn(), table.name()) as u64,
            rows,
            "{table}"
        );
    }
}

#[test]
fn edge_values_round_trip() {
    let user = NewUser {
        id: Uuid::from_u128(1),
        clerk_user_id: "user_ünïcødé_😀".into(),
        email: "tab\tand\\backslash@example.com".into(),
        name: None,
        subscription_tier: Some(String::new()),
        created_at: time("1999-12-31T23:59:59.999999Z"),
        updated_at: time("2038-01-19T03:14:08.000001Z"),
    };
    let plan = NewLearningPlan {
        id: Uuid::from_u128(2),
        user_id: user.id,
        topic: "Quotes ' \" and newline\nin a topic".into(),
        skill_level: SkillLevel::Advanced,
        weekly_hours: 0,
        learning_style: LearningStyle::Mixed,
        start_date: NaiveDate::from_ymd_opt(1970, 1, 1),
        deadline_date: NaiveDate::from_ymd_opt(2100, 2, 28),
        visibility: "public".into(),
        origin: "manual".into(),
        created_at: time("2000-01-01T00:00:00Z"),
        updated_at: time("2000-01-01T00:00:00.000001Z"),
    };
    let resources = vec![
        NewResource {
            id: Uuid::from_u128(3),
            resource_type: ResourceType::Other,
            title: "no tags".into(),
            url: "https://example.com/a".into(),
            domain: None,
            author: None,
            duration_minutes: None,
            cost_cents: None,
            currency: None,
            tags: None,
            created_at: time("2026-01-15T12:00:00Z"),
        },
        NewResource {
            id: Uuid::from_u128(4),
            resource_type: ResourceType::Youtube,
            title: "empty and odd tags".into(),
            url: "https://example.com/b".into(),
            domain: Some("example.com".into()),
            author: Some("Ana".into()),
            duration_minutes: Some(i32::MAX),
            cost_cents: Some(0),
            currency: Some("EUR".into()),
            tags: Some(vec![]),
            created_at: time("2026-01-15T12:00:00Z"),
        },
        NewResource {
            id: Uuid::from_u128(5),
            resource_type: ResourceType::Course,
            title: "tags".into(),
            url: "https://example.com/c".into(),
            domain: None,
            author: None,
            duration_minutes: Some(1),
            cost_cents: Some(1999),
            currency: Some("USD".into()),
            tags: Some(vec![
                "a,b".into(),
                "{braces}".into(),
                "NULL".into(),
                String::new(),
            ]),
            created_at: time("2026-01-15T12:00:00Z"),
        },
    ];
    let job = NewJob {
        id: Uuid::from_u128(6),
        plan_id: None,
        user_id: user.id,
        job_type: JobType::PlanGeneration,
        status: JobStatus::Failed,
        priority: -1,
        attempts: 3,
        max_attempts: 3,
        payload: json!({"nested": {"list": [1, 2.5, null, true], "text": "é\"\\\u{0001}"}}),
        result: None,
        error: Some("Network error: connection refused".into()),
        locked_at: None,
        locked_by: None,
        scheduled_for: time("2026-01-10T00:00:00Z"),
        started_at: Some(time("2026-01-10T00:00:01Z")),
        completed_at: Some(time("2026-01-10T00:00:02Z")),
        created_at: time("2026-01-09T00:00:00Z"),
        updated_at: time("2026-01-10T00:00:02Z"),
    };
    let batch = Batch {
        users: vec![user],
        learning_plans: vec![plan],
        resources,
        job_queue: vec![job],
        ..Batch::default()
    };

    let copied = TestDb::migrated();
    let inserted = TestDb::migrated();
    copy_batch(&mut copied.conn(), &batch);
    insert(&mut inserted.conn(), &batch);
    assert_eq!(
        all_digests(&mut copied.conn()),
        all_digests(&mut inserted.conn())
    );

    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        v: String,
    }
    let text = |conn: &mut PgConnection, sql: &str| {
        diesel::sql_query(sql).get_result::<Row>(conn).unwrap().v
    };
    let mut conn = copied.conn();
    diesel::sql_query("SET TIME ZONE 'UTC'")
        .execute(&mut conn)
        .unwrap();
    assert_eq!(
        text(&mut conn, "SELECT created_at::text AS v FROM users"),
        "1999-12-31 23:59:59.999999+00"
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT start_date::text AS v FROM learning_plans"
        ),
        "1970-01-01"
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT coalesce(tags::text, 'null') AS v FROM resources ORDER BY id LIMIT 1"
        ),
        "null"
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT tags::text AS v FROM resources ORDER BY id OFFSET 1 LIMIT 1"
        ),
        "{}"
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT tags::text AS v FROM resources ORDER BY id OFFSET 2 LIMIT 1"
        ),
        r#"{"a,b","{braces}","NULL",""}"#
    );
    assert_eq!(
        text(
            &mut conn,
            "SELECT (payload #>> '{nested,list,1}') AS v FROM job_queue"
        ),
        "2.5"
    );
}

/// Every constraint (with its definition and flags) and index of the public schema.
fn catalog(conn: &mut PgConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Entry {
        #[diesel(sql_type = Text)]
        entry: String,
    }
    diesel::sql_query(
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || contype::text || ' ' || \
                pg_get_constraintdef(oid) || ' validated=' || convalidated::text || ' deferrable=' || condeferrable::text AS entry \
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace \
         UNION ALL \
         SELECT tablename || ' ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' \
         ORDER BY 1",
    )
    .load::<Entry>(conn)
    .unwrap()
    .into_iter()
    .map(|entry| entry.entry)
    .collect()
}

#[test]
fn catalog_is_identical_after_drop_and_restore() {
    let db = TestDb::migrated();
    let mut conn = db.conn();
    let before = catalog(&mut conn);
    assert!(before.len() > 40, "{before:#?}");
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        let deferred = seeder::constraints::drop_all(conn, &schema::TABLES)?;
        assert!(seeder::constraints::snapshot(conn, &schema::TABLES)?.is_empty());
        assert_eq!(
            deferred.objects.iter().filter(|o| o.kind == "f").count(),
            11
        );
        seeder::constraints::restore(conn, &deferred)
    })
    .unwrap();
    assert_eq!(catalog(&mut conn), before);
}

#[test]
fn seeding_with_index_rebuild_leaves_the_migrated_catalog() {
    let reference = TestDb::migrated();
    let seeded = TestDb::new();
    assert_ok(&seeder(
        &seeded.url,
        &[
            "--users",
            "10",
            "--plans",
            "30",
            "--resources",
            "20",
            "--indexes",
            "rebuild",
        ],
    ));
    assert_eq!(catalog(&mut seeded.conn()), catalog(&mut reference.conn()));
}
