CREATE TABLE password_resets (
    token_hash    bytea        PRIMARY KEY,
    user_id       bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_ip  inet,
    created_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP + interval '1 hour',
    used_at       timestamptz
);

CREATE INDEX password_resets_user_id_idx ON password_resets (user_id);
