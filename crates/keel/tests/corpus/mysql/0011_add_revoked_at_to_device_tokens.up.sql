ALTER TABLE device_tokens ADD COLUMN revoked_at DATETIME NULL AFTER last_used_at;

CREATE INDEX idx_device_tokens_user_active ON device_tokens (user_id, revoked_at);
