ALTER TABLE users
  ADD COLUMN totp_secret_enc VARBINARY(64) NULL AFTER password_hash,
  ADD COLUMN two_factor_enabled_at DATETIME NULL AFTER totp_secret_enc;

CREATE TABLE two_factor_recovery_codes (
  user_id BIGINT UNSIGNED NOT NULL,
  code_hash BINARY(32) NOT NULL,
  used_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, code_hash),
  CONSTRAINT fk_two_factor_recovery_codes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
