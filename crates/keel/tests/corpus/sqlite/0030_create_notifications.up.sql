CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    recipient_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('comment', 'reply', 'like', 'follow', 'mention')),
    subject_type   TEXT,
    subject_id     INTEGER,
    payload        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    read_at        TEXT,
    created_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX notifications_unread_idx ON notifications (recipient_id, created_at DESC) WHERE read_at IS NULL;
