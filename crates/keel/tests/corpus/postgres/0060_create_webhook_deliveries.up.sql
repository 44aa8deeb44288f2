CREATE TABLE webhook_deliveries (
    id             bigserial    PRIMARY KEY,
    endpoint_id    uuid         NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event          text         NOT NULL,
    payload        jsonb        NOT NULL,
    attempt        smallint     NOT NULL DEFAULT 1 CHECK (attempt BETWEEN 1 AND 20),
    status_code    smallint,
    response_body  text,
    next_retry_at  timestamptz,
    delivered_at   timestamptz,
    created_at     timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_retry_idx ON webhook_deliveries (next_retry_at)
    WHERE delivered_at IS NULL AND next_retry_at IS NOT NULL;
