DROP INDEX device_tokens_platform_version_idx;
ALTER TABLE device_tokens DROP COLUMN os_version;
ALTER TABLE device_tokens DROP COLUMN app_version;
