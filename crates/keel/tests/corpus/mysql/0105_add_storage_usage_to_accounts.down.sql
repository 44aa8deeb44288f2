ALTER TABLE accounts DROP COLUMN storage_quota_bytes, DROP COLUMN storage_used_bytes;
