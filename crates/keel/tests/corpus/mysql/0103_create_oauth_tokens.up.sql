CREATE TABLE oauth_tokens (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  app_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  access_token_hash BINARY(32) NOT NULL,
  refresh_token_hash BINARY(32) NULL,
  scopes SET('profile', 'photos.read', 'photos.write', 'posts.write', 'offline_access') NOT NULL DEFAULT 'profile',
  expires_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_oauth_tokens_access (access_token_hash),
  UNIQUE KEY uq_oauth_tokens_refresh (refresh_token_hash),
  KEY idx_oauth_tokens_app_user (app_id, user_id),
  KEY idx_oauth_tokens_user (user_id),
  CONSTRAINT fk_oauth_tokens_app FOREIGN KEY (app_id) REFERENCES oauth_apps (id) ON DELETE CASCADE,
  CONSTRAINT fk_oauth_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
