// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "job_status"))]
    pub struct JobStatus;

    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "job_type"))]
    pub struct JobType;

    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "learning_style"))]
    pub struct LearningStyle;

    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "progress_status"))]
    pub struct ProgressStatus;

    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "resource_type"))]
    pub struct ResourceType;

    #[derive(diesel::query_builder::QueryId, Clone, Debug, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "skill_level"))]
    pub struct SkillLevel;
}

diesel::table! {
    generation_attempts (id) {
        id -> Uuid,
        plan_id -> Uuid,
        status -> Text,
        classification -> Nullable<Text>,
        duration_ms -> Int4,
        modules_count -> Int4,
        tasks_count -> Int4,
        truncated_topic -> Bool,
        truncated_notes -> Bool,
        normalized_effort -> Bool,
        prompt_hash -> Nullable<Text>,
        metadata -> Nullable<Jsonb>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::JobType;
    use super::sql_types::JobStatus;

    job_queue (id) {
        id -> Uuid,
        plan_id -> Nullable<Uuid>,
        user_id -> Uuid,
        job_type -> JobType,
        status -> JobStatus,
        priority -> Int4,
        attempts -> Int4,
        max_attempts -> Int4,
        payload -> Jsonb,
        result -> Nullable<Jsonb>,
        error -> Nullable<Text>,
        locked_at -> Nullable<Timestamptz>,
        locked_by -> Nullable<Text>,
        scheduled_for -> Timestamptz,
        started_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::SkillLevel;
    use super::sql_types::LearningStyle;

    learning_plans (id) {
        id -> Uuid,
        user_id -> Uuid,
        topic -> Text,
        skill_level -> SkillLevel,
        weekly_hours -> Int4,
        learning_style -> LearningStyle,
        start_date -> Nullable<Date>,
        deadline_date -> Nullable<Date>,
        visibility -> Text,
        origin -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    modules (id) {
        id -> Uuid,
        plan_id -> Uuid,
        order -> Int4,
        title -> Text,
        description -> Nullable<Text>,
        estimated_minutes -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    plan_generations (id) {
        id -> Uuid,
        plan_id -> Uuid,
        model -> Text,
        prompt -> Jsonb,
        parameters -> Nullable<Jsonb>,
        output_summary -> Nullable<Jsonb>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::ResourceType;

    resources (id) {
        id -> Uuid,
        #[sql_name = "type"]
        type_ -> ResourceType,
        title -> Text,
        url -> Text,
        domain -> Nullable<Text>,
        author -> Nullable<Text>,
        duration_minutes -> Nullable<Int4>,
        cost_cents -> Nullable<Int4>,
        currency -> Nullable<Text>,
        tags -> Nullable<Array<Nullable<Text>>>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::ProgressStatus;

    task_progress (id) {
        id -> Uuid,
        task_id -> Uuid,
        user_id -> Uuid,
        status -> ProgressStatus,
        completed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    task_resources (id) {
        id -> Uuid,
        task_id -> Uuid,
        resource_id -> Uuid,
        order -> Int4,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    tasks (id) {
        id -> Uuid,
        module_id -> Uuid,
        order -> Int4,
        title -> Text,
        description -> Nullable<Text>,
        estimated_minutes -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        clerk_user_id -> Text,
        email -> Text,
        name -> Nullable<Text>,
        subscription_tier -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(generation_attempts -> learning_plans (plan_id));
diesel::joinable!(job_queue -> learning_plans (plan_id));
diesel::joinable!(job_queue -> users (user_id));
diesel::joinable!(learning_plans -> users (user_id));
diesel::joinable!(modules -> learning_plans (plan_id));
diesel::joinable!(plan_generations -> learning_plans (plan_id));
diesel::joinable!(task_progress -> tasks (task_id));
diesel::joinable!(task_progress -> users (user_id));
diesel::joinable!(task_resources -> resources (resource_id));
diesel::joinable!(task_resources -> tasks (task_id));
diesel::joinable!(tasks -> modules (module_id));

diesel::allow_tables_to_appear_in_same_query!(
    generation_attempts,
    job_queue,
    learning_plans,
    modules,
    plan_generations,
    resources,
    task_progress,
    task_resources,
    tasks,
    users,
);
