DROP INDEX device_tokens_live_user_idx;
ALTER TABLE device_tokens DROP COLUMN revoked_at;
