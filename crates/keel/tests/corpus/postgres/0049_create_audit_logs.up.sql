CREATE TABLE audit_logs (
    id           bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   bigint       REFERENCES accounts (id) ON DELETE CASCADE,
    actor_id     bigint       REFERENCES users (id) ON DELETE SET NULL,
    action       text         NOT NULL,
    entity_type  text         NOT NULL,
    entity_id    text,
    changes      jsonb,
    ip           inet,
    -- clock_timestamp(): several entries written by one transaction stay ordered
    occurred_at  timestamptz  NOT NULL DEFAULT clock_timestamp()
);

-- The audit page lists an account's events newest-first and shows the action
-- without visiting the heap.
CREATE INDEX audit_logs_account_occurred_idx
    ON audit_logs (account_id, occurred_at DESC)
    INCLUDE (action);
