-- The app's Postgres enums. Value order matters: Postgres sorts enum values by declaration order,
-- and the Rust enums in crates/schema/src/enums.rs list them in the same order.
CREATE TYPE skill_level AS ENUM ('beginner', 'intermediate', 'advanced');
CREATE TYPE learning_style AS ENUM ('reading', 'video', 'practice', 'mixed');
CREATE TYPE resource_type AS ENUM ('youtube', 'article', 'course', 'doc', 'other');
CREATE TYPE progress_status AS ENUM ('not_started', 'in_progress', 'completed');
CREATE TYPE job_status AS ENUM ('pending', 'processing', 'completed', 'failed');
CREATE TYPE job_type AS ENUM ('plan_generation');
