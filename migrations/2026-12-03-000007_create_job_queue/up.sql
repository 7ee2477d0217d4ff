-- plan_id is nullable: a job may be enqueued before (or fail without ever) creating its plan.
CREATE TABLE job_queue (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid REFERENCES learning_plans (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    job_type job_type NOT NULL,
    status job_status NOT NULL DEFAULT 'pending',
    priority integer NOT NULL DEFAULT 0,
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 0),
    payload jsonb NOT NULL,
    result jsonb,
    error text,
    locked_at timestamptz,
    locked_by text,
    scheduled_for timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- Serves the worker's claim query: status = 'pending' AND scheduled_for <= now() ORDER BY priority.
CREATE INDEX job_queue_status_scheduled_for_priority_idx ON job_queue (status, scheduled_for, priority);
CREATE INDEX job_queue_user_id_idx ON job_queue (user_id);
CREATE INDEX job_queue_plan_id_idx ON job_queue (plan_id);
CREATE INDEX job_queue_created_at_idx ON job_queue (created_at);
