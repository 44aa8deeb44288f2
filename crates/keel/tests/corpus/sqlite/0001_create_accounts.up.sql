-- An account is the billing tenant; everything else hangs off it.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 63),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
