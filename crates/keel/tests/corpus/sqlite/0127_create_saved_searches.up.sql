CREATE TABLE saved_searches (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    query       TEXT    NOT NULL CHECK (json_valid(query)),
    notify      INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1)),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (user_id, name)
);
