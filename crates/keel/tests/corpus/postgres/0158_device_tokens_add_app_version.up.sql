ALTER TABLE device_tokens ADD COLUMN app_version varchar(32);
