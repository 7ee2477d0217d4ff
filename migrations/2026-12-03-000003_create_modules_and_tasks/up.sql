CREATE TABLE modules (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES learning_plans (id) ON DELETE CASCADE,
    "order" integer NOT NULL CHECK ("order" >= 1),
    title text NOT NULL,
    description text,
    estimated_minutes integer NOT NULL CHECK (estimated_minutes >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, "order")
);
CREATE INDEX modules_plan_id_idx ON modules (plan_id);

CREATE TABLE tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    module_id uuid NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    "order" integer NOT NULL CHECK ("order" >= 1),
    title text NOT NULL,
    description text,
    estimated_minutes integer NOT NULL CHECK (estimated_minutes >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (module_id, "order")
);
CREATE INDEX tasks_module_id_idx ON tasks (module_id);
