CREATE TABLE user_blocks (
    blocker_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT,
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);

CREATE INDEX user_blocks_blocked_id_idx ON user_blocks (blocked_id);
