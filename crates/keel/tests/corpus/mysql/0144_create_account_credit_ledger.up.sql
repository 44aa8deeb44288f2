CREATE TABLE account_credit_ledger (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  account_id BIGINT UNSIGNED NOT NULL,
  delta_cents BIGINT NOT NULL COMMENT 'positive = credit granted; negative = credit used',
  reason ENUM('promo', 'refund', 'invoice_applied', 'adjustment') NOT NULL,
  invoice_id BIGINT UNSIGNED NULL,
  note VARCHAR(255) NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_account_credit_ledger_account (account_id, created_at),
  KEY idx_account_credit_ledger_invoice (invoice_id),
  KEY idx_account_credit_ledger_created_by (created_by),
  CONSTRAINT fk_account_credit_ledger_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT fk_account_credit_ledger_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE SET NULL,
  CONSTRAINT fk_account_credit_ledger_created_by FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT chk_account_credit_ledger_delta CHECK (delta_cents <> 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE VIEW account_credit_balances AS
SELECT l.account_id,
       SUM(l.delta_cents) AS balance_cents,
       COUNT(*) AS entry_count,
       MAX(l.created_at) AS last_entry_at
FROM account_credit_ledger l
GROUP BY l.account_id;
