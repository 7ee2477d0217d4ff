//! Each table's row, written once: its columns in order, and the SQL type of each field.
//!
//! A [`Row`] lists its table's column names ([`Row::COLUMNS`]) and writes its fields, in that
//! same order, to a [`FieldSink`] through one typed method per SQL type (`uuid`, `text`,
//! `int4`, `opt_timestamptz`, ...). Two sinks consume the walk: the binary COPY encoder
//! ([`CopyEncoder`], the load path) and the SQL literal writer of `seeder export`. Both are
//! generic parameters, not trait objects, so the COPY hot loop is monomorphized with no
//! per-field dynamic dispatch.
//!
//! The column order is the table's order in `schema.rs` (which `print-schema` copies from the
//! database), because `diesel::copy_from(table).from_raw_data(table, ..)` names the columns in
//! that order. The unit tests below check every `COLUMNS` and every field's SQL type against
//! Diesel's `table!` definitions, so a migration that adds, drops, reorders or retypes a column
//! fails a test instead of loading wrong data; `tests/copy.rs` loads every table through COPY
//! and through Diesel's own INSERT and compares the two.
//!
//! A Postgres enum is written with [`FieldSink::text`]: binary COPY sends an enum as its label,
//! and a quoted label is a valid enum literal.

use chrono::{DateTime, NaiveDate, Utc};
use generator::{Batch, Table};
use schema::{
    NewGenerationAttempt, NewJob, NewLearningPlan, NewModule, NewPlanGeneration, NewResource,
    NewTask, NewTaskProgress, NewTaskResource, NewUser,
};
use serde_json::Value;
use uuid::Uuid;

use crate::copy::CopyEncoder;

/// One table's row: which columns, in which order, written with which SQL type.
pub trait Row {
    const TABLE: Table;
    /// The column names, in `schema.rs` order; [`Row::write_fields`] writes exactly these
    /// fields in exactly this order.
    const COLUMNS: &'static [&'static str];
    /// The field count at the start of each binary COPY row (derived: never set it by hand).
    const FIELDS: u16 = Self::COLUMNS.len() as u16;
    fn write_fields<S: FieldSink>(&self, out: &mut S);
}

/// Receives a row's fields one by one, each through the method for its SQL type.
///
/// The `opt_` methods write `NULL` for `None`; a sink only implements the non-null writes.
pub trait FieldSink: Sized {
    fn null(&mut self);
    fn uuid(&mut self, value: &Uuid);
    /// `text`, and any Postgres enum (as its label).
    fn text(&mut self, value: &str);
    fn int4(&mut self, value: i32);
    fn bool(&mut self, value: bool);
    fn date(&mut self, value: NaiveDate);
    fn timestamptz(&mut self, value: DateTime<Utc>);
    fn jsonb(&mut self, value: &Value);
    fn text_array(&mut self, values: &[String]);

    // `#[inline]` on these small wrappers keeps the COPY loop as tight as the hand-written
    // encoders it replaced (measured with callgrind: without it `opt_timestamptz` stayed an
    // out-of-line call per field).
    #[inline]
    fn opt_uuid(&mut self, value: Option<&Uuid>) {
        self.nullable(value, Self::uuid);
    }
    #[inline]
    fn opt_text(&mut self, value: Option<&str>) {
        self.nullable(value, Self::text);
    }
    #[inline]
    fn opt_int4(&mut self, value: Option<i32>) {
        self.nullable(value, Self::int4);
    }
    #[inline]
    fn opt_date(&mut self, value: Option<NaiveDate>) {
        self.nullable(value, Self::date);
    }
    #[inline]
    fn opt_timestamptz(&mut self, value: Option<DateTime<Utc>>) {
        self.nullable(value, Self::timestamptz);
    }
    #[inline]
    fn opt_jsonb(&mut self, value: Option<&Value>) {
        self.nullable(value, Self::jsonb);
    }
    #[inline]
    fn opt_text_array(&mut self, values: Option<&[String]>) {
        self.nullable(values, Self::text_array);
    }

    /// `write`s the value, or `NULL` for `None`.
    #[inline]
    fn nullable<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            Some(value) => write(self, value),
            None => self.null(),
        }
    }
}

impl Row for NewUser {
    const TABLE: Table = Table::Users;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "clerk_user_id",
        "email",
        "name",
        "subscription_tier",
        "created_at",
        "updated_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.text(&self.clerk_user_id);
        out.text(&self.email);
        out.opt_text(self.name.as_deref());
        out.opt_text(self.subscription_tier.as_deref());
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl Row for NewLearningPlan {
    const TABLE: Table = Table::LearningPlans;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "user_id",
        "topic",
        "skill_level",
        "weekly_hours",
        "learning_style",
        "start_date",
        "deadline_date",
        "visibility",
        "origin",
        "created_at",
        "updated_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.user_id);
        out.text(&self.topic);
        out.text(self.skill_level.as_str());
        out.int4(self.weekly_hours);
        out.text(self.learning_style.as_str());
        out.opt_date(self.start_date);
        out.opt_date(self.deadline_date);
        out.text(&self.visibility);
        out.text(&self.origin);
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl Row for NewModule {
    const TABLE: Table = Table::Modules;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "plan_id",
        "order",
        "title",
        "description",
        "estimated_minutes",
        "created_at",
        "updated_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.plan_id);
        out.int4(self.order);
        out.text(&self.title);
        out.opt_text(self.description.as_deref());
        out.int4(self.estimated_minutes);
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl Row for NewTask {
    const TABLE: Table = Table::Tasks;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "module_id",
        "order",
        "title",
        "description",
        "estimated_minutes",
        "created_at",
        "updated_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.module_id);
        out.int4(self.order);
        out.text(&self.title);
        out.opt_text(self.description.as_deref());
        out.int4(self.estimated_minutes);
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl Row for NewResource {
    const TABLE: Table = Table::Resources;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "type",
        "title",
        "url",
        "domain",
        "author",
        "duration_minutes",
        "cost_cents",
        "currency",
        "tags",
        "created_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.text(self.resource_type.as_str());
        out.text(&self.title);
        out.text(&self.url);
        out.opt_text(self.domain.as_deref());
        out.opt_text(self.author.as_deref());
        out.opt_int4(self.duration_minutes);
        out.opt_int4(self.cost_cents);
        out.opt_text(self.currency.as_deref());
        out.opt_text_array(self.tags.as_deref());
        out.timestamptz(self.created_at);
    }
}

impl Row for NewTaskResource {
    const TABLE: Table = Table::TaskResources;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "task_id",
        "resource_id",
        "order",
        "notes",
        "created_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.task_id);
        out.uuid(&self.resource_id);
        out.int4(self.order);
        out.opt_text(self.notes.as_deref());
        out.timestamptz(self.created_at);
    }
}

impl Row for NewTaskProgress {
    const TABLE: Table = Table::TaskProgress;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "task_id",
        "user_id",
        "status",
        "completed_at",
        "created_at",
        "updated_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.task_id);
        out.uuid(&self.user_id);
        out.text(self.status.as_str());
        out.opt_timestamptz(self.completed_at);
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl Row for NewPlanGeneration {
    const TABLE: Table = Table::PlanGenerations;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "plan_id",
        "model",
        "prompt",
        "parameters",
        "output_summary",
        "created_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.plan_id);
        out.text(&self.model);
        out.jsonb(&self.prompt);
        out.opt_jsonb(self.parameters.as_ref());
        out.opt_jsonb(self.output_summary.as_ref());
        out.timestamptz(self.created_at);
    }
}

impl Row for NewGenerationAttempt {
    const TABLE: Table = Table::GenerationAttempts;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "plan_id",
        "status",
        "classification",
        "duration_ms",
        "modules_count",
        "tasks_count",
        "truncated_topic",
        "truncated_notes",
        "normalized_effort",
        "prompt_hash",
        "metadata",
        "created_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.uuid(&self.plan_id);
        out.text(&self.status);
        out.opt_text(self.classification.as_deref());
        out.int4(self.duration_ms);
        out.int4(self.modules_count);
        out.int4(self.tasks_count);
        out.bool(self.truncated_topic);
        out.bool(self.truncated_notes);
        out.bool(self.normalized_effort);
        out.opt_text(self.prompt_hash.as_deref());
        out.opt_jsonb(self.metadata.as_ref());
        out.timestamptz(self.created_at);
    }
}

impl Row for NewJob {
    const TABLE: Table = Table::JobQueue;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "plan_id",
        "user_id",
        "job_type",
        "status",
        "priority",
        "attempts",
        "max_attempts",
        "payload",
        "result",
        "error",
        "locked_at",
        "locked_by",
        "scheduled_for",
        "started_at",
        "completed_at",
        "created_at",
        "updated_at",
    ];
    fn write_fields<S: FieldSink>(&self, out: &mut S) {
        out.uuid(&self.id);
        out.opt_uuid(self.plan_id.as_ref());
        out.uuid(&self.user_id);
        out.text(self.job_type.as_str());
        out.text(self.status.as_str());
        out.int4(self.priority);
        out.int4(self.attempts);
        out.int4(self.max_attempts);
        out.jsonb(&self.payload);
        out.opt_jsonb(self.result.as_ref());
        out.opt_text(self.error.as_deref());
        out.opt_timestamptz(self.locked_at);
        out.opt_text(self.locked_by.as_deref());
        out.timestamptz(self.scheduled_for);
        out.opt_timestamptz(self.started_at);
        out.opt_timestamptz(self.completed_at);
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

/// One batch, already encoded: per table (in load order) the COPY body and its row count.
#[derive(Debug, Default)]
pub struct EncodedBatch {
    pub tables: Vec<(Table, CopyEncoder)>,
}

impl EncodedBatch {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, encoder)| encoder.rows()).sum()
    }
}

fn encode_all<R: Row>(rows: &[R], into: &mut EncodedBatch) {
    if rows.is_empty() {
        return;
    }
    // Rows of this schema average well under 300 bytes; a close guess saves regrowing.
    let mut encoder = CopyEncoder::with_capacity(rows.len() * 256);
    for row in rows {
        encoder.push_row(row);
    }
    into.tables.push((R::TABLE, encoder));
}

/// Encodes every non-empty table of `batch`, parents before children.
pub fn encode_batch(batch: &Batch) -> EncodedBatch {
    let mut encoded = EncodedBatch::default();
    encode_all(&batch.users, &mut encoded);
    encode_all(&batch.learning_plans, &mut encoded);
    encode_all(&batch.modules, &mut encoded);
    encode_all(&batch.tasks, &mut encoded);
    encode_all(&batch.resources, &mut encoded);
    encode_all(&batch.task_resources, &mut encoded);
    encode_all(&batch.task_progress, &mut encoded);
    encode_all(&batch.plan_generations, &mut encoded);
    encode_all(&batch.generation_attempts, &mut encoded);
    encode_all(&batch.job_queue, &mut encoded);
    encoded
}

#[cfg(test)]
mod tests {
    //! Every [`Row`] against Diesel's `table!` definitions in `schema.rs`: same column names in
    //! the same order, and each field written with the [`FieldSink`] method of its column's SQL
    //! type. Needs no database: a migration that changes a table fails here, before any load.

    use std::any::type_name;

    use chrono::TimeZone;
    use diesel::{Column, Expression};
    use generator::{Generator, SeedConfig};
    use schema::schema::{
        generation_attempts, job_queue, learning_plans, modules, plan_generations, resources,
        task_progress, task_resources, tasks, users,
    };

    use super::*;

    /// A table's columns as Diesel knows them: name and SQL type name, in `table!` order.
    trait DieselColumns {
        fn columns() -> Vec<(&'static str, &'static str)>;
    }

    /// Implements [`DieselColumns`] for the tuple of its arguments and for every shorter tuple.
    macro_rules! diesel_columns_for_tuples {
        () => {};
        ($first:ident $(, $rest:ident)*) => {
            impl<$first: Column, $($rest: Column),*> DieselColumns for ($first, $($rest,)*) {
                fn columns() -> Vec<(&'static str, &'static str)> {
                    vec![
                        ($first::NAME, type_name::<<$first as Expression>::SqlType>()),
                        $(($rest::NAME, type_name::<<$rest as Expression>::SqlType>()),)*
                    ]
                }
            }
            diesel_columns_for_tuples!($($rest),*);
        };
    }

    diesel_columns_for_tuples!(
        C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20
    );

    /// The [`FieldSink`] method that writes a column of this Diesel SQL type (its
    /// `type_name`, such as `diesel::sql_types::Nullable<diesel::sql_types::Text>`).
    fn sink_method(sql_type: &str) -> String {
        // Postgres enums are declared in schema.rs and travel as their label, through `text`.
        let is_enum = sql_type.starts_with("schema::schema::sql_types::")
            || sql_type.contains("Nullable<schema::schema::sql_types::");
        // Drop the module paths: `Nullable<Array<Text>>`.
        let short: String = sql_type
            .split_inclusive(['<', '>'])
            .map(|part| part.rsplit("::").next().unwrap_or(part))
            .collect();
        let (nullable, inner) = match short.strip_prefix("Nullable<") {
            Some(inner) => (true, inner.strip_suffix('>').unwrap_or(inner)),
            None => (false, short.as_str()),
        };
        let method = match inner {
            _ if is_enum => "text",
            "Uuid" => "uuid",
            "Text" => "text",
            "Integer" => "int4",
            "Bool" => "bool",
            "Date" => "date",
            "Timestamptz" => "timestamptz",
            "Jsonb" => "jsonb",
            // print-schema declares `text[]` with nullable elements; ours are never NULL.
            "Array<Text>" | "Array<Nullable<Text>>" => "text_array",
            _ => panic!("no FieldSink method for the SQL type {sql_type}: add one"),
        };
        if nullable {
            format!("opt_{method}")
        } else {
            method.to_owned()
        }
    }

    /// Records which method wrote each field.
    #[derive(Debug, Default)]
    struct Methods(Vec<&'static str>);

    impl FieldSink for Methods {
        fn null(&mut self) {
            self.0.push("null");
        }
        fn uuid(&mut self, _: &Uuid) {
            self.0.push("uuid");
        }
        fn text(&mut self, _: &str) {
            self.0.push("text");
        }
        fn int4(&mut self, _: i32) {
            self.0.push("int4");
        }
        fn bool(&mut self, _: bool) {
            self.0.push("bool");
        }
        fn date(&mut self, _: NaiveDate) {
            self.0.push("date");
        }
        fn timestamptz(&mut self, _: DateTime<Utc>) {
            self.0.push("timestamptz");
        }
        fn jsonb(&mut self, _: &Value) {
            self.0.push("jsonb");
        }
        fn text_array(&mut self, _: &[String]) {
            self.0.push("text_array");
        }
        fn opt_uuid(&mut self, _: Option<&Uuid>) {
            self.0.push("opt_uuid");
        }
        fn opt_text(&mut self, _: Option<&str>) {
            self.0.push("opt_text");
        }
        fn opt_int4(&mut self, _: Option<i32>) {
            self.0.push("opt_int4");
        }
        fn opt_date(&mut self, _: Option<NaiveDate>) {
            self.0.push("opt_date");
        }
        fn opt_timestamptz(&mut self, _: Option<DateTime<Utc>>) {
            self.0.push("opt_timestamptz");
        }
        fn opt_jsonb(&mut self, _: Option<&Value>) {
            self.0.push("opt_jsonb");
        }
        fn opt_text_array(&mut self, _: Option<&[String]>) {
            self.0.push("opt_text_array");
        }
    }

    fn assert_row_matches_schema<R: Row, T: diesel::Table>(table_name: &str, row: Option<&R>)
    where
        T::AllColumns: DieselColumns,
    {
        let columns = T::AllColumns::columns();
        assert_eq!(
            R::TABLE.name(),
            table_name,
            "Row::TABLE of {}",
            type_name::<R>()
        );

        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            R::COLUMNS,
            names,
            "{table_name}: Row::COLUMNS must be schema.rs's columns, in order"
        );
        assert_eq!(usize::from(R::FIELDS), columns.len(), "{table_name}");

        let expected: Vec<String> = columns.iter().map(|(_, ty)| sink_method(ty)).collect();
        let row = row.unwrap_or_else(|| panic!("the test seed has no {table_name} rows"));
        let mut written = Methods::default();
        row.write_fields(&mut written);
        assert_eq!(
            written.0, expected,
            "{table_name}: write_fields must write one field per column, typed as schema.rs says"
        );
    }

    #[test]
    fn every_row_matches_its_diesel_table() {
        let config = SeedConfig {
            users: 20,
            plans: 200,
            resources: 20,
            seed: 3,
            now: Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap(),
        };
        let generator = Generator::new(config).unwrap();
        let batches: Vec<Batch> = generator.batches(50).collect();
        // The first row of `table` in the seed (not every batch has every table).
        macro_rules! first {
            ($table:ident) => {
                batches.iter().find_map(|batch| batch.$table.first())
            };
        }

        assert_row_matches_schema::<_, users::table>("users", first!(users));
        assert_row_matches_schema::<_, learning_plans::table>(
            "learning_plans",
            first!(learning_plans),
        );
        assert_row_matches_schema::<_, modules::table>("modules", first!(modules));
        assert_row_matches_schema::<_, tasks::table>("tasks", first!(tasks));
        assert_row_matches_schema::<_, resources::table>("resources", first!(resources));
        assert_row_matches_schema::<_, task_resources::table>(
            "task_resources",
            first!(task_resources),
        );
        assert_row_matches_schema::<_, task_progress::table>(
            "task_progress",
            first!(task_progress),
        );
        assert_row_matches_schema::<_, plan_generations::table>(
            "plan_generations",
            first!(plan_generations),
        );
        assert_row_matches_schema::<_, generation_attempts::table>(
            "generation_attempts",
            first!(generation_attempts),
        );
        assert_row_matches_schema::<_, job_queue::table>("job_queue", first!(job_queue));
    }

    #[test]
    fn sink_methods_follow_diesel_sql_types() {
        assert_eq!(sink_method(type_name::<diesel::sql_types::Int4>()), "int4");
        assert_eq!(
            sink_method(type_name::<
                diesel::sql_types::Nullable<diesel::sql_types::Text>,
            >()),
            "opt_text"
        );
        assert_eq!(
            sink_method(type_name::<
                diesel::sql_types::Nullable<diesel::sql_types::Array<diesel::sql_types::Text>>,
            >()),
            "opt_text_array"
        );
        assert_eq!(
            sink_method(type_name::<schema::schema::sql_types::JobStatus>()),
            "text"
        );
    }
}
