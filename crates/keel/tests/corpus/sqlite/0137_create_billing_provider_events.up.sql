-- Idempotency log for the payment provider's webhooks: the event id is the key.
CREATE TABLE billing_provider_events (
    event_id      TEXT PRIMARY KEY,
    event_type    TEXT NOT NULL,
    payload       TEXT NOT NULL CHECK (json_valid(payload)),
    received_at   TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    processed_at  TEXT,
    error         TEXT
) WITHOUT ROWID;

CREATE INDEX billing_provider_events_unprocessed_idx
    ON billing_provider_events (received_at)
    WHERE processed_at IS NULL;
