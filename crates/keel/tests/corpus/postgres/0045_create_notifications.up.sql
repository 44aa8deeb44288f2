CREATE TABLE notifications (
    id          bigserial          PRIMARY KEY,
    user_id     bigint             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        notification_kind  NOT NULL,
    actor_id    bigint             REFERENCES users (id) ON DELETE SET NULL,
    payload     jsonb              NOT NULL DEFAULT '{}',
    read_at     timestamptz,
    created_at  timestamptz        NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The bell icon: unread notifications, newest first.
CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;
