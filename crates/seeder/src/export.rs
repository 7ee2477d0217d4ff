//! `seeder export`: the whole seed as a plain SQL script, written without any database.
//!
//! The script is what `psql -v ON_ERROR_STOP=1 -f FILE` (or Supabase's seed runner, as
//! `supabase/seed.sql`) loads into a freshly migrated, empty database, and the rows it creates
//! are identical to a direct `seeder` run with the same arguments. That is why every value is
//! written so that no session setting can change it:
//!
//! - timestamps are UTC literals with microseconds and an explicit `+00`, so `TimeZone` does not
//!   matter; sub-microsecond digits are dropped exactly as the binary COPY path drops them;
//! - dates are ISO `YYYY-MM-DD`, which every `DateStyle` reads the same way;
//! - strings are standard SQL literals (quotes doubled, backslashes literal), and the script
//!   turns `standard_conforming_strings` on itself rather than trusting the server default;
//! - jsonb is `serde_json`'s text, the same text the binary COPY path sends.
//!
//! Rows go out as multi-row INSERTs of up to [`ROWS_PER_STATEMENT`] rows, all in one
//! transaction, batch by batch as the generator streams them and table by table within a batch
//! in [`Table::ALL`](generator::Table::ALL) order. The generator guarantees that a row's
//! parents are in the same or an earlier batch and every foreign key points to an earlier
//! table, so each INSERT only references rows already inserted. Memory is one generator batch
//! and one statement, whatever the seed size. (Carrying part-filled statements across batches
//! would fill them better, but a full child statement would then have to flush its parents'
//! part-filled ones first; statements of a few hundred rows already amortise the
//! per-statement cost.)
//!
//! The script holds no psql meta-commands, so any client that runs plain SQL can load it.
//!
//! Which columns each table gets, in which order and with which SQL type, is
//! [`crate::rows`]'s [`Row`] walk; this module only writes each field as a SQL literal.

use std::fmt::Write as _;
use std::io::Write;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Timelike, Utc};
use generator::{Batch, Generator, RowCounts};
use serde_json::Value;
use uuid::Uuid;

use crate::rows::{FieldSink, Row};

/// Rows per INSERT statement. Past a few hundred rows the per-statement overhead (parse,
/// plan, round trip) is already negligible; larger statements only make a failing row harder to
/// find in the server log and the statement buffer bigger.
pub const ROWS_PER_STATEMENT: usize = 1000;

/// Plans per generator batch: the seeder's default, and large enough that even the small
/// tables (a few hundred job or generation rows per batch) get multi-hundred-row statements.
const PLANS_PER_BATCH: u32 = 500;

/// Writes the seed of `generator` to `out` as a SQL script and returns the rows written.
///
/// The caller owns buffering (pass a `BufWriter`) and the final flush.
pub fn write_sql(generator: &Generator, out: &mut dyn Write) -> anyhow::Result<RowCounts> {
    let mut script = Script::new(out);
    script.header(generator)?;
    for batch in generator.batches(PLANS_PER_BATCH) {
        script.batch(&batch)?;
    }
    script.finish()
}

struct Script<'w> {
    out: &'w mut dyn Write,
    /// The statement being built, reused so that formatting does not allocate per statement.
    statement: String,
    counts: RowCounts,
}

impl<'w> Script<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        Self {
            out,
            statement: String::new(),
            counts: RowCounts::default(),
        }
    }

    fn header(&mut self, generator: &Generator) -> std::io::Result<()> {
        let config = generator.config();
        let now = config.now.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let args = format!(
            "--users {} --plans {} --resources {} --seed {} --now {now}",
            config.users, config.plans, config.resources, config.seed
        );
        // No wall-clock time or host in the header: the same arguments give the same bytes, so
        // a committed seed.sql only changes when the data does.
        write!(
            self.out,
            "\
-- Learning-plan seed data, written by seeder {version} (`seeder export`).
--   users {users}, plans {plans}, resources {resources}, seed {seed}, now {now}
-- Regenerate (same version, same arguments: the same bytes, ids included):
--   seeder export --out FILE {args}
-- The rows are identical to a direct load: seeder {args}
--
-- Load into a freshly migrated, empty database:
--   seeder migrate --database-url \"$DATABASE_URL\"
--   psql -v ON_ERROR_STOP=1 -f FILE \"$DATABASE_URL\"
-- or use the file as supabase/seed.sql. Plain SQL, one transaction: a failed load leaves the
-- database as it was. Timestamps carry an explicit +00 offset, so the session time zone does
-- not change them. Row counts per table are at the end of the file.

SET standard_conforming_strings = on;
SET client_encoding = 'UTF8';

BEGIN;
",
            version = env!("CARGO_PKG_VERSION"),
            users = config.users,
            plans = config.plans,
            resources = config.resources,
            seed = config.seed,
        )
    }

    fn batch(&mut self, batch: &Batch) -> std::io::Result<()> {
        self.rows(&batch.users)?;
        self.rows(&batch.learning_plans)?;
        self.rows(&batch.modules)?;
        self.rows(&batch.tasks)?;
        self.rows(&batch.resources)?;
        self.rows(&batch.task_resources)?;
        self.rows(&batch.task_progress)?;
        self.rows(&batch.plan_generations)?;
        self.rows(&batch.generation_attempts)?;
        self.rows(&batch.job_queue)
    }

    /// One table's rows of one batch, as INSERTs of at most [`ROWS_PER_STATEMENT`] rows.
    fn rows<R: Row>(&mut self, rows: &[R]) -> std::io::Result<()> {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let sql = &mut self.statement;
            sql.clear();
            sql.push_str("\nINSERT INTO ");
            sql.push_str(R::TABLE.name());
            sql.push_str(" (");
            push_column_list(sql, R::COLUMNS);
            sql.push_str(") VALUES");
            for (i, row) in chunk.iter().enumerate() {
                sql.push_str(if i == 0 { "\n(" } else { ",\n(" });
                row.write_fields(&mut Values::new(sql));
                sql.push(')');
            }
            sql.push_str(";\n");
            self.out.write_all(sql.as_bytes())?;
            self.counts.add(R::TABLE, chunk.len() as u64);
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<RowCounts> {
        let mut footer = String::from("\nCOMMIT;\n\n-- rows written:\n");
        for (table, rows) in self.counts.iter() {
            let _ = writeln!(footer, "--   {:<20} {rows}", table.name());
        }
        let _ = writeln!(footer, "--   {:<20} {}", "total", self.counts.total());
        self.out.write_all(footer.as_bytes())?;
        Ok(self.counts)
    }
}

/// Appends SQL literals, comma-separated, to a statement being built.
///
/// Formatting into a `String` cannot fail, so the `fmt::Result`s below are discarded.
struct Values<'a> {
    sql: &'a mut String,
    first: bool,
}

impl<'a> Values<'a> {
    fn new(sql: &'a mut String) -> Self {
        Self { sql, first: true }
    }

    fn separator(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.sql.push_str(", ");
        }
    }
}

impl FieldSink for Values<'_> {
    fn null(&mut self) {
        self.separator();
        self.sql.push_str("NULL");
    }

    fn uuid(&mut self, value: &Uuid) {
        self.separator();
        let mut buf = Uuid::encode_buffer();
        self.sql.push('\'');
        self.sql.push_str(value.hyphenated().encode_lower(&mut buf));
        self.sql.push('\'');
    }

    fn text(&mut self, value: &str) {
        self.separator();
        push_quoted(self.sql, value);
    }

    fn int4(&mut self, value: i32) {
        self.separator();
        let _ = write!(self.sql, "{value}");
    }

    fn bool(&mut self, value: bool) {
        self.separator();
        self.sql.push_str(if value { "true" } else { "false" });
    }

    fn date(&mut self, value: NaiveDate) {
        self.separator();
        let _ = write!(
            self.sql,
            "'{:04}-{:02}-{:02}'",
            value.year(),
            value.month(),
            value.day()
        );
    }

    /// `'YYYY-MM-DD HH:MM:SS.ffffff+00'`. Truncated to the microsecond through
    /// `timestamp_micros`, the same conversion the binary COPY encoder uses, so both paths store
    /// the same instant even if the generator ever produced nanoseconds.
    fn timestamptz(&mut self, value: DateTime<Utc>) {
        self.separator();
        let micros = value.timestamp_micros();
        let secs = micros.div_euclid(1_000_000);
        let fraction = micros.rem_euclid(1_000_000);
        // In range by construction: `secs` comes from a valid `DateTime`.
        let whole = DateTime::from_timestamp(secs, 0).unwrap_or(value);
        let _ = write!(
            self.sql,
            "'{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{fraction:06}+00'",
            whole.year(),
            whole.month(),
            whole.day(),
            whole.hour(),
            whole.minute(),
            whole.second(),
        );
    }

    fn jsonb(&mut self, value: &Value) {
        self.separator();
        // `Value`'s Display is `serde_json::to_string`: compact JSON, the text binary COPY sends.
        push_quoted(self.sql, &value.to_string());
        self.sql.push_str("::jsonb");
    }

    fn text_array(&mut self, values: &[String]) {
        self.separator();
        // ARRAY[...] of plain literals rather than a '{...}' array literal: no second layer of
        // quoting rules (braces, commas, backslashes, the word NULL) to get right.
        self.sql.push_str("ARRAY[");
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            push_quoted(self.sql, value);
        }
        self.sql.push_str("]::text[]");
    }
}

/// Column names that are SQL keywords, written quoted: `order` is reserved, `type` is quoted
/// for the same reason of caution. A new column named after a keyword belongs here
/// (`tests/export.rs` loads the script through psql and fails on an unquoted reserved word).
const QUOTED_COLUMNS: [&str; 2] = ["order", "type"];

/// `a, "order", b`: the column list of an INSERT.
fn push_column_list(sql: &mut String, columns: &[&str]) {
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        if QUOTED_COLUMNS.contains(column) {
            sql.push('"');
            sql.push_str(column);
            sql.push('"');
        } else {
            sql.push_str(column);
        }
    }
}

/// A standard SQL string literal: single quotes doubled, everything else (backslashes
/// included, with `standard_conforming_strings` on) taken literally.
fn push_quoted(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('\'');
    let mut parts = value.split('\'');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str("''");
        out.push_str(part);
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use generator::{SeedConfig, Table};
    use serde_json::json;

    fn literal(f: impl FnOnce(&mut Values<'_>)) -> String {
        let mut sql = String::new();
        f(&mut Values::new(&mut sql));
        sql
    }

    #[test]
    fn text_doubles_single_quotes_and_keeps_backslashes() {
        assert_eq!(literal(|v| v.text("it's")), "'it''s'");
        assert_eq!(literal(|v| v.text(r"C:\path\n")), r"'C:\path\n'");
        assert_eq!(literal(|v| v.text("''")), "''''''");
        assert_eq!(literal(|v| v.text("")), "''");
        assert_eq!(literal(|v| v.opt_text(None)), "NULL");
    }

    #[test]
    fn values_are_comma_separated() {
        let sql = literal(|v| {
            v.int4(-3);
            v.bool(true);
            v.opt_int4(None);
        });
        assert_eq!(sql, "-3, true, NULL");
    }

    #[test]
    fn timestamps_are_utc_with_microseconds_and_offset() {
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 7, 8, 9).unwrap()
            + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(
            literal(|v| v.timestamptz(at)),
            "'2026-01-05 07:08:09.123456+00'"
        );
        let whole = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(
            literal(|v| v.timestamptz(whole)),
            "'1999-12-31 23:59:59.000000+00'"
        );
    }

    #[test]
    fn dates_are_iso() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(literal(|v| v.date(date)), "'2026-03-07'");
    }

    #[test]
    fn jsonb_is_compact_quoted_and_cast() {
        let value = json!({"topic": "Rust's traits", "n": 1});
        assert_eq!(
            literal(|v| v.jsonb(&value)),
            r#"'{"n":1,"topic":"Rust''s traits"}'::jsonb"#
        );
    }

    #[test]
    fn text_arrays_use_array_constructor() {
        let tags = vec!["a'b".to_owned(), "c".to_owned()];
        assert_eq!(
            literal(|v| v.opt_text_array(Some(&tags))),
            "ARRAY['a''b', 'c']::text[]"
        );
        assert_eq!(literal(|v| v.opt_text_array(Some(&[]))), "ARRAY[]::text[]");
        assert_eq!(literal(|v| v.opt_text_array(None)), "NULL");
    }

    #[test]
    fn uuids_are_quoted_lowercase() {
        let id = Uuid::from_u128(0xA1B2_C3D4_E5F6_0718_293A_4B5C_6D7E_8F90);
        assert_eq!(
            literal(|v| v.uuid(&id)),
            "'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90'"
        );
    }

    fn export(config: SeedConfig) -> (String, RowCounts) {
        let generator = Generator::new(config).unwrap();
        let mut out = Vec::new();
        let counts = write_sql(&generator, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), counts)
    }

    fn config() -> SeedConfig {
        let now = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        SeedConfig {
            users: 30,
            plans: 2_500,
            resources: 40,
            seed: 7,
            now,
        }
    }

    #[test]
    fn script_counts_match_the_generator_and_are_deterministic() {
        let (sql, counts) = export(config());
        let generator = Generator::new(config()).unwrap();
        assert_eq!(counts, generator.row_counts());
        assert_eq!(export(config()).0, sql, "same arguments, same bytes");

        assert!(sql.contains("SET standard_conforming_strings = on;"));
        assert!(sql.contains(
            "--users 30 --plans 2500 --resources 40 --seed 7 --now 2026-01-15T12:00:00Z"
        ));
        assert_eq!(sql.matches("\nBEGIN;\n").count(), 1);
        assert_eq!(sql.matches("\nCOMMIT;\n").count(), 1);
        assert!(
            !sql.lines().any(|line| line.starts_with('\\')),
            "no psql meta-commands"
        );

        // Every table's rows are all there, in statements of at most ROWS_PER_STATEMENT rows
        // (each row starts a line with its opening parenthesis).
        for (table, rows) in counts.iter() {
            let prefix = format!("{} (", table.name());
            let per_statement: Vec<usize> = sql
                .split("\nINSERT INTO ")
                .filter(|statement| statement.starts_with(&prefix))
                .map(|statement| statement.matches("\n(").count())
                .collect();
            assert!(
                per_statement
                    .iter()
                    .all(|n| (1..=ROWS_PER_STATEMENT).contains(n)),
                "{table}"
            );
            assert_eq!(per_statement.iter().sum::<usize>() as u64, rows, "{table}");
        }
    }

    #[test]
    fn parents_come_before_children() {
        // The first statement of each table follows the first statement of its parents.
        let (sql, _) = export(config());
        let first = |table: Table| {
            sql.find(&format!("\nINSERT INTO {} (", table.name()))
                .unwrap_or_else(|| panic!("no rows for {table}"))
        };
        for (child, parent) in [
            (Table::LearningPlans, Table::Users),
            (Table::Modules, Table::LearningPlans),
            (Table::Tasks, Table::Modules),
            (Table::TaskResources, Table::Tasks),
            (Table::TaskResources, Table::Resources),
            (Table::TaskProgress, Table::Tasks),
            (Table::PlanGenerations, Table::LearningPlans),
            (Table::GenerationAttempts, Table::LearningPlans),
            (Table::JobQueue, Table::LearningPlans),
        ] {
            assert!(first(parent) < first(child), "{parent} before {child}");
        }
    }
}
