CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name          TEXT    NOT NULL,
    prefix        TEXT    NOT NULL UNIQUE CHECK (length(prefix) = 8),
    key_hash      TEXT    NOT NULL,
    scopes        TEXT    NOT NULL DEFAULT 'read',
    last_used_at  TEXT,
    expires_at    TEXT,
    revoked_at    TEXT,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX api_keys_account_id_idx ON api_keys (account_id);
