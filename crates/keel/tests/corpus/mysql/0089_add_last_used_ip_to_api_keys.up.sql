ALTER TABLE api_keys ADD COLUMN last_used_ip VARBINARY(16) NULL AFTER last_used_at;
