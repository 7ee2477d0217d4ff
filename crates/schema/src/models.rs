//! Insert models: one `NewThing` per table, with every column spelled out.
//!
//! The seed sets every value itself (ids and timestamps included) so that a run is reproducible;
//! `treat_none_as_default_value = false` makes an `Option::None` mean SQL NULL rather than "use
//! the column default".

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::enums::{JobStatus, JobType, LearningStyle, ProgressStatus, ResourceType, SkillLevel};
use crate::schema::{
    generation_attempts, job_queue, learning_plans, modules, plan_generations, resources,
    task_progress, task_resources, tasks, users,
};

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewUser {
    pub id: Uuid,
    pub clerk_user_id: String,
    pub email: String,
    pub name: Option<String>,
    pub subscription_tier: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = learning_plans, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewLearningPlan {
    pub id: Uuid,
    pub user_id: Uuid,
    pub topic: String,
    pub skill_level: SkillLevel,
    pub weekly_hours: i32,
    pub learning_style: LearningStyle,
    pub start_date: Option<NaiveDate>,
    pub deadline_date: Option<NaiveDate>,
    pub visibility: String,
    pub origin: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = modules, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewModule {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub order: i32,
    pub title: String,
    pub description: Option<String>,
    pub estimated_minutes: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = tasks, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewTask {
    pub id: Uuid,
    pub module_id: Uuid,
    pub order: i32,
    pub title: String,
    pub description: Option<String>,
    pub estimated_minutes: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = resources, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewResource {
    pub id: Uuid,
    #[diesel(column_name = type_)]
    pub resource_type: ResourceType,
    pub title: String,
    pub url: String,
    pub domain: Option<String>,
    pub author: Option<String>,
    pub duration_minutes: Option<i32>,
    pub cost_cents: Option<i32>,
    pub currency: Option<String>,
    pub tags: Option<Vec<String>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = task_resources, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewTaskResource {
    pub id: Uuid,
    pub task_id: Uuid,
    pub resource_id: Uuid,
    pub order: i32,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = task_progress, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewTaskProgress {
    pub id: Uuid,
    pub task_id: Uuid,
    pub user_id: Uuid,
    pub status: ProgressStatus,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = plan_generations, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewPlanGeneration {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub model: String,
    pub prompt: Value,
    pub parameters: Option<Value>,
    pub output_summary: Option<Value>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = generation_attempts, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewGenerationAttempt {
    pub id: Uuid,
    pub plan_id: Uuid,
    /// `success` or `failure` (a CHECK constraint, not an enum, in the app's schema).
    pub status: String,
    /// Why an attempt failed; `None` on success.
    pub classification: Option<String>,
    pub duration_ms: i32,
    pub modules_count: i32,
    pub tasks_count: i32,
    pub truncated_topic: bool,
    pub truncated_notes: bool,
    pub normalized_effort: bool,
    pub prompt_hash: Option<String>,
    pub metadata: Option<Value>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Insertable, Serialize)]
#[diesel(table_name = job_queue, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub struct NewJob {
    pub id: Uuid,
    /// `None` for an orphan: a job that has not created (or never created) its plan.
    pub plan_id: Option<Uuid>,
    pub user_id: Uuid,
    pub job_type: JobType,
    pub status: JobStatus,
    pub priority: i32,
    pub attempts: i32,
    pub max_attempts: i32,
    pub payload: Value,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub locked_at: Option<DateTime<Utc>>,
    pub locked_by: Option<String>,
    pub scheduled_for: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
