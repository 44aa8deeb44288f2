CREATE TABLE retention_policies (
  organisation_id BIGINT UNSIGNED NOT NULL,
  keep_deleted_days SMALLINT UNSIGNED NOT NULL DEFAULT 30,
  keep_audit_days SMALLINT UNSIGNED NOT NULL DEFAULT 365,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (organisation_id),
  CONSTRAINT fk_retention_policies_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE,
  CONSTRAINT chk_retention_policies_deleted CHECK (keep_deleted_days BETWEEN 1 AND 3650),
  CONSTRAINT chk_retention_policies_audit CHECK (keep_audit_days BETWEEN 30 AND 3650)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
