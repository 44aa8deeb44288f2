-- users_soft_delete (which revokes tokens) is rewritten by SQLite to use the new name.
ALTER TABLE device_tokens RENAME TO push_tokens;

DROP INDEX device_tokens_user_id_idx;
DROP INDEX device_tokens_active_idx;
DROP INDEX device_tokens_platform_version_idx;
CREATE INDEX push_tokens_user_id_idx ON push_tokens (user_id);
CREATE INDEX push_tokens_active_idx ON push_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX push_tokens_platform_version_idx ON push_tokens (platform, app_version) WHERE revoked_at IS NULL;
