CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id      INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_type       TEXT    NOT NULL,
    payload          TEXT    NOT NULL CHECK (json_valid(payload)),
    attempt          INTEGER NOT NULL DEFAULT 0,
    response_status  INTEGER,
    next_attempt_at  TEXT    DEFAULT CURRENT_TIMESTAMP,
    delivered_at     TEXT,
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The dispatcher polls: pending deliveries, oldest retry first.
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);
