CREATE TABLE notification_settings (
    user_id  bigint             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     notification_kind  NOT NULL,
    channel  text               NOT NULL CHECK (channel IN ('push', 'email', 'in_app')),
    enabled  boolean            NOT NULL DEFAULT true,
    PRIMARY KEY (user_id, kind, channel)
);
