CREATE TABLE webhook_endpoints (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  account_id BIGINT UNSIGNED NOT NULL,
  url VARCHAR(2048) NOT NULL,
  description VARCHAR(255) NULL,
  secret CHAR(64) CHARACTER SET ascii NOT NULL,
  events SET('photo.created', 'photo.deleted', 'post.published', 'comment.created', 'member.joined', 'invoice.paid') NOT NULL DEFAULT 'post.published',
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_webhook_endpoints_account (account_id),
  KEY idx_webhook_endpoints_url (url(191)),
  CONSTRAINT fk_webhook_endpoints_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT chk_webhook_endpoints_url CHECK (url LIKE 'https://%')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
