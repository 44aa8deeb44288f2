CREATE TABLE webhook_endpoints (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url          TEXT    NOT NULL CHECK (url LIKE 'https://%'),
    secret       TEXT    NOT NULL,
    event_types  TEXT    NOT NULL DEFAULT '["*"]'
                         CHECK (json_valid(event_types) AND json_type(event_types) = 'array'),
    is_active    INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at   TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (account_id, url)
);
