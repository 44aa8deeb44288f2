CREATE TABLE feature_flag_overrides (
  flag_id INT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  is_enabled BOOLEAN NOT NULL,
  reason VARCHAR(255) NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (flag_id, account_id),
  KEY idx_feature_flag_overrides_account (account_id),
  CONSTRAINT fk_feature_flag_overrides_flag FOREIGN KEY (flag_id) REFERENCES feature_flags (id) ON DELETE CASCADE,
  CONSTRAINT fk_feature_flag_overrides_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
