CREATE TABLE organisation_ip_allowlist (
  organisation_id BIGINT UNSIGNED NOT NULL,
  cidr VARCHAR(43) CHARACTER SET ascii NOT NULL COMMENT 'e.g. 203.0.113.0/24 or 2001:db8::/32',
  description VARCHAR(255) NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (organisation_id, cidr),
  KEY idx_organisation_ip_allowlist_created_by (created_by),
  CONSTRAINT fk_organisation_ip_allowlist_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE CASCADE,
  CONSTRAINT fk_organisation_ip_allowlist_created_by FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT chk_organisation_ip_allowlist_cidr CHECK (cidr LIKE '%/%')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
