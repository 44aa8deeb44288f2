CREATE TABLE oauth_apps (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  account_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  client_id CHAR(32) CHARACTER SET ascii NOT NULL,
  client_secret_hash BINARY(32) NULL COMMENT 'NULL for public (PKCE-only) clients',
  redirect_uris JSON NOT NULL,
  is_confidential BOOLEAN NOT NULL DEFAULT TRUE,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_oauth_apps_client_id (client_id),
  KEY idx_oauth_apps_account (account_id),
  CONSTRAINT fk_oauth_apps_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT chk_oauth_apps_redirects CHECK (JSON_TYPE(redirect_uris) = 'ARRAY'),
  CONSTRAINT chk_oauth_apps_secret CHECK (is_confidential = FALSE OR client_secret_hash IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
