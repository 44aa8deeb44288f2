CREATE TABLE sessions (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea        NOT NULL UNIQUE,
    ip          inet,
    user_agent  text,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP + interval '14 days',
    CONSTRAINT sessions_expiry_after_creation CHECK (expires_at > created_at)
);

CREATE INDEX sessions_user_id_expires_at_idx ON sessions (user_id, expires_at DESC);
