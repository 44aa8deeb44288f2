CREATE TABLE support_tickets (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  account_id BIGINT UNSIGNED NOT NULL,
  opened_by BIGINT UNSIGNED NULL,
  subject VARCHAR(200) NOT NULL,
  status ENUM('new', 'open', 'pending', 'solved', 'closed') NOT NULL DEFAULT 'new',
  priority ENUM('low', 'normal', 'high', 'urgent') NOT NULL DEFAULT 'normal',
  assignee_email VARCHAR(255) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  solved_at DATETIME NULL,
  PRIMARY KEY (id),
  KEY idx_support_tickets_account (account_id),
  KEY idx_support_tickets_opened_by (opened_by),
  KEY idx_support_tickets_queue (status, priority, created_at),
  CONSTRAINT fk_support_tickets_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT fk_support_tickets_opened_by FOREIGN KEY (opened_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT chk_support_tickets_solved CHECK ((status IN ('solved', 'closed')) = (solved_at IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
