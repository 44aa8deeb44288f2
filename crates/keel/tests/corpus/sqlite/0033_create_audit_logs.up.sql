-- Append-only audit trail.  STRICT so that nothing sneaks in with the wrong type.
CREATE TABLE audit_logs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    actor_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action       TEXT    NOT NULL CHECK (action GLOB '[a-z]*.[a-z]*'),
    target_type  TEXT,
    target_id    INTEGER,
    details      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX audit_logs_account_created_idx ON audit_logs (account_id, created_at DESC);
CREATE INDEX audit_logs_target_idx ON audit_logs (target_type, target_id);
