-- Push notification tokens (APNs / FCM), one row per installed app.
CREATE TABLE device_tokens (
    id            bigserial        PRIMARY KEY,
    user_id       bigint           NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform      device_platform  NOT NULL,
    token         text             NOT NULL,
    created_at    timestamptz      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_seen_at  timestamptz,
    CONSTRAINT device_tokens_platform_token_key UNIQUE (platform, token)
);

CREATE INDEX device_tokens_user_id_idx ON device_tokens (user_id);
