//! How each table's row is laid out in a binary COPY stream.
//!
//! The field order is the column order of the table in `schema.rs` (which `print-schema`
//! copies from the database), because `diesel::copy_from(table).from_raw_data(table, ..)` names
//! the columns in that order. The round-trip test in `tests/copy.rs` loads every table through
//! this encoding and through Diesel's own INSERT and compares the two.

use generator::{Batch, Table};
use schema::{
    NewGenerationAttempt, NewJob, NewLearningPlan, NewModule, NewPlanGeneration, NewResource,
    NewTask, NewTaskProgress, NewTaskResource, NewUser,
};

use crate::copy::CopyEncoder;

/// A row that knows its binary COPY encoding.
pub trait CopyRow {
    const TABLE: Table;
    /// Number of columns, written at the start of each row.
    const FIELDS: u16;
    fn encode(&self, out: &mut CopyEncoder);
}

impl CopyRow for NewUser {
    const TABLE: Table = Table::Users;
    const FIELDS: u16 = 7;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
        out.uuid(&self.id);
        out.text(&self.clerk_user_id);
        out.text(&self.email);
        out.opt_text(self.name.as_deref());
        out.opt_text(self.subscription_tier.as_deref());
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl CopyRow for NewLearningPlan {
    const TABLE: Table = Table::LearningPlans;
    const FIELDS: u16 = 12;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
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

impl CopyRow for NewModule {
    const TABLE: Table = Table::Modules;
    const FIELDS: u16 = 8;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
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

impl CopyRow for NewTask {
    const TABLE: Table = Table::Tasks;
    const FIELDS: u16 = 8;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
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

impl CopyRow for NewResource {
    const TABLE: Table = Table::Resources;
    const FIELDS: u16 = 11;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
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

impl CopyRow for NewTaskResource {
    const TABLE: Table = Table::TaskResources;
    const FIELDS: u16 = 6;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
        out.uuid(&self.id);
        out.uuid(&self.task_id);
        out.uuid(&self.resource_id);
        out.int4(self.order);
        out.opt_text(self.notes.as_deref());
        out.timestamptz(self.created_at);
    }
}

impl CopyRow for NewTaskProgress {
    const TABLE: Table = Table::TaskProgress;
    const FIELDS: u16 = 7;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
        out.uuid(&self.id);
        out.uuid(&self.task_id);
        out.uuid(&self.user_id);
        out.text(self.status.as_str());
        out.opt_timestamptz(self.completed_at);
        out.timestamptz(self.created_at);
        out.timestamptz(self.updated_at);
    }
}

impl CopyRow for NewPlanGeneration {
    const TABLE: Table = Table::PlanGenerations;
    const FIELDS: u16 = 7;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
        out.uuid(&self.id);
        out.uuid(&self.plan_id);
        out.text(&self.model);
        out.jsonb(&self.prompt);
        out.opt_jsonb(self.parameters.as_ref());
        out.opt_jsonb(self.output_summary.as_ref());
        out.timestamptz(self.created_at);
    }
}

impl CopyRow for NewGenerationAttempt {
    const TABLE: Table = Table::GenerationAttempts;
    const FIELDS: u16 = 13;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
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

impl CopyRow for NewJob {
    const TABLE: Table = Table::JobQueue;
    const FIELDS: u16 = 18;
    fn encode(&self, out: &mut CopyEncoder) {
        out.row(Self::FIELDS);
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

fn encode_all<R: CopyRow>(rows: &[R], into: &mut EncodedBatch) {
    if rows.is_empty() {
        return;
    }
    // Rows of this schema average well under 300 bytes; a close guess saves regrowing.
    let mut encoder = CopyEncoder::with_capacity(rows.len() * 256);
    for row in rows {
        row.encode(&mut encoder);
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
