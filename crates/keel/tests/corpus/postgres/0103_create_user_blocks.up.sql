CREATE TABLE user_blocks (
    blocker_id  bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id  bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT user_blocks_not_self CHECK (blocker_id <> blocked_id)
);

CREATE INDEX user_blocks_blocked_id_idx ON user_blocks (blocked_id);
