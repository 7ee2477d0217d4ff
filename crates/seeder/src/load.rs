//! Moving generated rows into the database.
//!
//! The generator runs on its own thread and hands batches over a small bounded channel, so
//! generation (and, for COPY, encoding) overlaps with the server ingesting the previous batch,
//! and memory holds at most a few batches whatever the seed's size.
//!
//! Two methods: binary `COPY` (the default, see [`crate::copy`]) and Diesel's multi-row
//! `INSERT`, kept only as the measured baseline that COPY has to beat.

use std::io::Write;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use diesel::PgConnection;
use diesel::pg::CopyFormat;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use generator::{Batch, Generator, RowCounts, Table};
use schema::schema::{
    generation_attempts, job_queue, learning_plans, modules, plan_generations, resources,
    task_progress, task_resources, tasks, users,
};
use thiserror::Error;

use crate::constraints;
use crate::copy::{CopyEncoder, HEADER, TRAILER};
use crate::progress::Progress;
use crate::rows::{EncodedBatch, Row, encode_batch};

/// Batches in flight between the generator thread and the loader: enough to keep both busy,
/// few enough that memory stays flat.
const CHANNEL_BATCHES: usize = 3;

/// PostgreSQL's limit on bind parameters in one statement.
const MAX_BIND_PARAMS: usize = 65_535;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadMethod {
    Copy,
    Insert,
}

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub method: LoadMethod,
    /// `COPY ... FREEZE`: legal only when every table was created or truncated in this
    /// transaction. Rows are written already frozen, so the first VACUUM has nothing to do.
    pub freeze: bool,
    /// Drop keys, indexes and foreign keys before loading and rebuild them afterwards.
    pub rebuild_indexes: bool,
    pub plans_per_batch: u32,
}

#[derive(Debug, Error)]
pub enum LoadError {
    #[error("loading {table} failed: {source}")]
    Table { table: Table, source: DieselError },
    #[error("dropping indexes and constraints before the load failed: {0}")]
    DropIndexes(DieselError),
    #[error("recreating indexes and constraints after the load failed: {0}")]
    RestoreIndexes(DieselError),
    #[error("the row generator thread stopped unexpectedly")]
    GeneratorPanicked,
}

impl LoadError {
    pub fn database_error(&self) -> Option<&DieselError> {
        match self {
            LoadError::Table { source, .. }
            | LoadError::DropIndexes(source)
            | LoadError::RestoreIndexes(source) => Some(source),
            LoadError::GeneratorPanicked => None,
        }
    }
}

/// What a load did, for the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadReport {
    pub rows: RowCounts,
    pub load_time: Duration,
    pub index_time: Duration,
}

/// Streams every row of `generator` into the database over `conn`, which must be inside the
/// seeding transaction.
pub fn load(
    conn: &mut PgConnection,
    generator: &Generator,
    options: LoadOptions,
    progress: &mut Progress,
) -> Result<LoadReport, LoadError> {
    let started = Instant::now();
    let deferred = if options.rebuild_indexes {
        Some(constraints::drop_all(conn, &schema::TABLES).map_err(LoadError::DropIndexes)?)
    } else {
        None
    };
    let mut rows = RowCounts::default();
    match options.method {
        LoadMethod::Copy => stream(
            generator,
            options.plans_per_batch,
            |batch| encode_batch(&batch),
            |encoded: EncodedBatch| {
                for (table, encoder) in &encoded.tables {
                    copy_table(conn, *table, encoder, options.freeze).map_err(|source| {
                        LoadError::Table {
                            table: *table,
                            source,
                        }
                    })?;
                    rows.add(*table, encoder.rows());
                    progress.advance(*table, encoder.rows());
                }
                Ok(())
            },
        )?,
        LoadMethod::Insert => stream(
            generator,
            options.plans_per_batch,
            |batch| batch,
            |batch: Batch| {
                let loaded = insert_batch(conn, &batch)?;
                for (table, count) in loaded.iter().filter(|(_, count)| *count > 0) {
                    progress.advance(table, count);
                }
                rows.add_all(&loaded);
                Ok(())
            },
        )?,
    }
    let load_time = started.elapsed();
    let mut index_time = Duration::ZERO;
    if let Some(deferred) = deferred {
        tracing::info!(
            objects = deferred.objects.len(),
            "recreating indexes, keys and foreign keys"
        );
        let rebuild = Instant::now();
        constraints::restore(conn, &deferred).map_err(LoadError::RestoreIndexes)?;
        index_time = rebuild.elapsed();
    }
    Ok(LoadReport {
        rows,
        load_time,
        index_time,
    })
}

/// Runs the generator on a second thread, `prepare`s each batch there, and `consume`s the
/// results here, in order. A failed `consume` stops the generator: dropping the receiver makes
/// its next send fail.
fn stream<T: Send>(
    generator: &Generator,
    plans_per_batch: u32,
    prepare: impl Fn(Batch) -> T + Send,
    mut consume: impl FnMut(T) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<T>(CHANNEL_BATCHES);
        let producer = scope.spawn(move || {
            for batch in generator.batches(plans_per_batch) {
                if sender.send(prepare(batch)).is_err() {
                    break;
                }
            }
        });
        let mut outcome = Ok(());
        for item in receiver.iter() {
            if let Err(error) = consume(item) {
                outcome = Err(error);
                break;
            }
        }
        drop(receiver);
        if producer.join().is_err() && outcome.is_ok() {
            outcome = Err(LoadError::GeneratorPanicked);
        }
        outcome
    })
}

/// One binary COPY of an encoded table body. The callback is handed the stream in three
/// writes; each becomes one `PQputCopyData` call.
fn copy_table(
    conn: &mut PgConnection,
    table: Table,
    body: &CopyEncoder,
    freeze: bool,
) -> QueryResult<usize> {
    let write = |out: &mut dyn Write| -> QueryResult<()> {
        out.write_all(&HEADER)
            .and_then(|()| out.write_all(body.body()))
            .and_then(|()| out.write_all(&TRAILER))
            .map_err(|error| DieselError::SerializationError(Box::new(error)))
    };
    macro_rules! copy_into {
        ($table:ident) => {{
            let query = diesel::copy_from($table::table)
                .from_raw_data($table::table, write)
                .with_format(CopyFormat::Binary);
            let query = if freeze {
                query.with_freeze(true)
            } else {
                query
            };
            query.execute(conn)
        }};
    }
    match table {
        Table::Users => copy_into!(users),
        Table::LearningPlans => copy_into!(learning_plans),
        Table::Modules => copy_into!(modules),
        Table::Tasks => copy_into!(tasks),
        Table::Resources => copy_into!(resources),
        Table::TaskResources => copy_into!(task_resources),
        Table::TaskProgress => copy_into!(task_progress),
        Table::PlanGenerations => copy_into!(plan_generations),
        Table::GenerationAttempts => copy_into!(generation_attempts),
        Table::JobQueue => copy_into!(job_queue),
    }
}

/// Encodes `rows` and COPYs them into their table (for tests and small tools).
pub fn copy_rows<R: Row>(conn: &mut PgConnection, rows: &[R], freeze: bool) -> QueryResult<usize> {
    let mut encoder = CopyEncoder::new();
    for row in rows {
        encoder.push_row(row);
    }
    copy_table(conn, R::TABLE, &encoder, freeze)
}

/// The baseline: Diesel multi-row INSERTs, each under Postgres's bind-parameter limit.
pub fn insert_batch(conn: &mut PgConnection, batch: &Batch) -> Result<RowCounts, LoadError> {
    let mut loaded = RowCounts::default();
    macro_rules! insert {
        ($field:ident, $table:ident, $row:ty) => {{
            let rows_per_statement = MAX_BIND_PARAMS / usize::from(<$row as Row>::FIELDS);
            for chunk in batch.$field.chunks(rows_per_statement) {
                diesel::insert_into($table::table)
                    .values(chunk)
                    .execute(conn)
                    .map_err(|source| LoadError::Table {
                        table: <$row as Row>::TABLE,
                        source,
                    })?;
            }
            loaded.add(<$row as Row>::TABLE, batch.$field.len() as u64);
        }};
    }
    insert!(users, users, schema::NewUser);
    insert!(learning_plans, learning_plans, schema::NewLearningPlan);
    insert!(modules, modules, schema::NewModule);
    insert!(tasks, tasks, schema::NewTask);
    insert!(resources, resources, schema::NewResource);
    insert!(task_resources, task_resources, schema::NewTaskResource);
    insert!(task_progress, task_progress, schema::NewTaskProgress);
    insert!(
        plan_generations,
        plan_generations,
        schema::NewPlanGeneration
    );
    insert!(
        generation_attempts,
        generation_attempts,
        schema::NewGenerationAttempt
    );
    insert!(job_queue, job_queue, schema::NewJob);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_chunks_stay_under_the_bind_limit() {
        // The widest table, job_queue, has 18 columns.
        let rows = MAX_BIND_PARAMS / usize::from(<schema::NewJob as Row>::FIELDS);
        assert!(rows * 18 <= MAX_BIND_PARAMS);
        assert!(rows > 1000);
    }
}
