DROP INDEX device_tokens_active_idx;
ALTER TABLE device_tokens DROP COLUMN revoked_at;
