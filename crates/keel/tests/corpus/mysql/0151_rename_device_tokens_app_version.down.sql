ALTER TABLE device_tokens CHANGE COLUMN client_version app_version VARCHAR(32) NULL;
