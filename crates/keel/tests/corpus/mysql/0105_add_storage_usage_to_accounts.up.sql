ALTER TABLE accounts
  ADD COLUMN storage_used_bytes BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER country_code,
  ADD COLUMN storage_quota_bytes BIGINT UNSIGNED NULL COMMENT 'NULL = plan default' AFTER storage_used_bytes;

-- Backfill from live (not soft-deleted) photos.
UPDATE accounts a
JOIN (
  SELECT u.account_id, SUM(p.size_bytes) AS used_bytes
  FROM photos p
  JOIN users u ON u.id = p.owner_id
  WHERE p.deleted_at IS NULL
  GROUP BY u.account_id
) s ON s.account_id = a.id
SET a.storage_used_bytes = s.used_bytes,
    a.updated_at = a.updated_at;
