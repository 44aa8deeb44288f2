CREATE TABLE users (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reuse ids of deleted users
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    display_name     TEXT,
    password_digest  TEXT    NOT NULL,
    is_admin         INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX users_account_id_idx ON users (account_id);
