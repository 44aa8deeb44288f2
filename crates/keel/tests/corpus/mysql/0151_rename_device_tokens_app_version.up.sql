-- CHANGE COLUMN renames and widens in one go.
ALTER TABLE device_tokens CHANGE COLUMN app_version client_version VARCHAR(64) NULL;
