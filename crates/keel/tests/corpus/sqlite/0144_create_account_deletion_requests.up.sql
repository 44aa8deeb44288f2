-- GDPR erasure requests: 30 days' grace, cancellable.
CREATE TABLE account_deletion_requests (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
    requested_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason         TEXT,
    scheduled_for  TEXT    NOT NULL DEFAULT (datetime('now', '+30 days')),
    canceled_at    TEXT,
    created_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX account_deletion_requests_due_idx
    ON account_deletion_requests (scheduled_for)
    WHERE canceled_at IS NULL;
