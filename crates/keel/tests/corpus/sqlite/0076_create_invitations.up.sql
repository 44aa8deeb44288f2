CREATE TABLE invitations (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    role_id          INTEGER NOT NULL DEFAULT 3 REFERENCES roles (id) ON DELETE RESTRICT,
    token            TEXT    NOT NULL UNIQUE,
    invited_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    accepted_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    accepted_at      TEXT,
    expires_at       TEXT    NOT NULL DEFAULT (datetime('now', '+14 days')),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ((accepted_by IS NULL) = (accepted_at IS NULL))
);

-- One pending invitation per address and organisation, case-insensitively.
CREATE UNIQUE INDEX invitations_pending_email_key
    ON invitations (organisation_id, lower(email))
    WHERE accepted_at IS NULL;
