CREATE TABLE resources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    type resource_type NOT NULL,
    title text NOT NULL,
    url text NOT NULL UNIQUE,
    domain text,
    author text,
    duration_minutes integer CHECK (duration_minutes >= 0),
    cost_cents integer CHECK (cost_cents >= 0),
    currency text,
    tags text[],
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resources_type_idx ON resources (type);

CREATE TABLE task_resources (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    resource_id uuid NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    "order" integer NOT NULL CHECK ("order" >= 1),
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, resource_id)
);
CREATE INDEX task_resources_task_id_idx ON task_resources (task_id);
CREATE INDEX task_resources_resource_id_idx ON task_resources (resource_id);
