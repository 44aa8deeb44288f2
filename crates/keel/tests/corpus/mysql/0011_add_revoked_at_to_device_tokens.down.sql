DROP INDEX idx_device_tokens_user_active ON device_tokens;

ALTER TABLE device_tokens DROP COLUMN revoked_at;
