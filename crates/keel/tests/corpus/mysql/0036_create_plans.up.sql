CREATE TABLE plans (
  id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code VARCHAR(32) NOT NULL,
  name VARCHAR(64) NOT NULL,
  price_cents INT UNSIGNED NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  billing_interval ENUM('month', 'year') NOT NULL DEFAULT 'month',
  features SET('sso', 'audit_log', 'api', 'webhooks', 'custom_domain', 'priority_support') NOT NULL DEFAULT '',
  max_members INT UNSIGNED NULL COMMENT 'NULL = unlimited',
  is_public BOOLEAN NOT NULL DEFAULT TRUE,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_plans_code (code),
  CONSTRAINT chk_plans_currency CHECK (CHAR_LENGTH(currency) = 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
