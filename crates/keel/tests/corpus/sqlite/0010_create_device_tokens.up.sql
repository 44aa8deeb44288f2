-- Push-notification tokens, one row per app install.
CREATE TABLE device_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform      TEXT    NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
    token         TEXT    NOT NULL UNIQUE,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_seen_at  TEXT
);

CREATE INDEX device_tokens_user_id_idx ON device_tokens (user_id);
