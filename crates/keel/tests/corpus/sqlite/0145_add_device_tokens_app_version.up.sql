ALTER TABLE device_tokens ADD COLUMN app_version TEXT;
ALTER TABLE device_tokens ADD COLUMN os_version TEXT;

-- "How many active installs are still on 3.x?"
CREATE INDEX device_tokens_platform_version_idx ON device_tokens (platform, app_version) WHERE revoked_at IS NULL;
