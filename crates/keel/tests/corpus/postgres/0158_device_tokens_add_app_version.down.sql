ALTER TABLE device_tokens DROP COLUMN app_version;
