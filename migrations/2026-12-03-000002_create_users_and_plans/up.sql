CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    clerk_user_id text NOT NULL UNIQUE,
    email text NOT NULL UNIQUE,
    name text,
    subscription_tier text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE learning_plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic text NOT NULL,
    skill_level skill_level NOT NULL,
    weekly_hours integer NOT NULL CHECK (weekly_hours >= 0),
    learning_style learning_style NOT NULL,
    start_date date,
    deadline_date date,
    visibility text NOT NULL DEFAULT 'private',
    origin text NOT NULL DEFAULT 'ai',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_plans_user_id_idx ON learning_plans (user_id);
