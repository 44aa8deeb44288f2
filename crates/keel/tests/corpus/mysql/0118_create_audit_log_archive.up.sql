-- Cold storage for old audit rows, partitioned by year. Partitioned InnoDB tables can't have
-- foreign keys, and the partitioning column must be part of the primary key.
-- created_at is DATETIME (second precision) here; the archive doesn't need milliseconds.
CREATE TABLE audit_log_archive (
  id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NULL,
  actor_id BIGINT UNSIGNED NULL,
  action VARCHAR(64) NOT NULL,
  entity_type VARCHAR(64) NOT NULL,
  entity_id BIGINT UNSIGNED NULL,
  changes JSON NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (id, created_at),
  KEY idx_audit_log_archive_account (account_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
PARTITION BY RANGE COLUMNS (created_at) (
  PARTITION p2023 VALUES LESS THAN ('2024-01-01'),
  PARTITION p2024 VALUES LESS THAN ('2025-01-01'),
  PARTITION p2025 VALUES LESS THAN ('2026-01-01'),
  PARTITION pmax VALUES LESS THAN (MAXVALUE)
);
