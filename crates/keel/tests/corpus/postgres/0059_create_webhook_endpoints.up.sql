CREATE TABLE webhook_endpoints (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url         text         NOT NULL CHECK (url ~ '^https://'),
    secret      text         NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
    events      text[]       NOT NULL DEFAULT '{}',
    is_active   boolean      NOT NULL DEFAULT true,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- "Which endpoints subscribe to photo.created?" -> events @> ARRAY['photo.created']
CREATE INDEX webhook_endpoints_events_gin_idx ON webhook_endpoints USING gin (events);
