-- Accounts are the billing tenant: every user, organisation and invoice hangs off one.
CREATE TABLE accounts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(120) NOT NULL,
  slug VARCHAR(80) NOT NULL,
  status ENUM('active', 'suspended', 'closed') NOT NULL DEFAULT 'active',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_accounts_slug (slug),
  CONSTRAINT chk_accounts_slug CHECK (slug REGEXP '^[a-z0-9][a-z0-9-]*$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
