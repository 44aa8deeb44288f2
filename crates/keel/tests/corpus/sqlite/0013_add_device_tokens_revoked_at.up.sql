ALTER TABLE device_tokens ADD COLUMN revoked_at TEXT;

CREATE INDEX device_tokens_active_idx ON device_tokens (user_id) WHERE revoked_at IS NULL;
