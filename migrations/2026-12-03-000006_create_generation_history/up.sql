CREATE TABLE plan_generations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES learning_plans (id) ON DELETE CASCADE,
    model text NOT NULL,
    prompt jsonb NOT NULL,
    parameters jsonb,
    output_summary jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_generations_plan_id_idx ON plan_generations (plan_id);

CREATE TABLE generation_attempts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES learning_plans (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('success', 'failure')),
    classification text,
    duration_ms integer NOT NULL CHECK (duration_ms >= 0),
    modules_count integer NOT NULL CHECK (modules_count >= 0),
    tasks_count integer NOT NULL CHECK (tasks_count >= 0),
    truncated_topic boolean NOT NULL DEFAULT false,
    truncated_notes boolean NOT NULL DEFAULT false,
    normalized_effort boolean NOT NULL DEFAULT false,
    prompt_hash text,
    metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX generation_attempts_plan_id_idx ON generation_attempts (plan_id);
CREATE INDEX generation_attempts_created_at_idx ON generation_attempts (created_at);
