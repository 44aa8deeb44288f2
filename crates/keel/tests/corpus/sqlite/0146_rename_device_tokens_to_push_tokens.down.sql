DROP INDEX push_tokens_platform_version_idx;
DROP INDEX push_tokens_active_idx;
DROP INDEX push_tokens_user_id_idx;

ALTER TABLE push_tokens RENAME TO device_tokens;

CREATE INDEX device_tokens_user_id_idx ON device_tokens (user_id);
CREATE INDEX device_tokens_active_idx ON device_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX device_tokens_platform_version_idx ON device_tokens (platform, app_version) WHERE revoked_at IS NULL;
