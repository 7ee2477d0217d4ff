//! The learning-plan database as Rust sees it: the generated Diesel `table!` definitions
//! ([`schema`]), the Postgres enums ([`enums`]) and the typed rows the generator builds and the
//! seeder writes ([`models`]).

pub mod enums;
pub mod models;
pub mod schema;

pub use enums::{JobStatus, JobType, LearningStyle, ProgressStatus, ResourceType, SkillLevel};
pub use models::*;

/// Every table of the schema, parents before children: the order rows must be loaded in while
/// foreign keys are enforced, and the reverse of the order they can be emptied in.
pub const TABLES: [&str; 10] = [
    "users",
    "learning_plans",
    "modules",
    "tasks",
    "resources",
    "task_resources",
    "task_progress",
    "plan_generations",
    "generation_attempts",
    "job_queue",
];
