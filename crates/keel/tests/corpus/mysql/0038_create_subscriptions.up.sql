CREATE TABLE subscriptions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  account_id BIGINT UNSIGNED NOT NULL,
  plan_id SMALLINT UNSIGNED NOT NULL,
  status ENUM('trialing', 'active', 'past_due', 'canceled') NOT NULL DEFAULT 'trialing',
  trial_ends_at DATETIME NULL DEFAULT (CURRENT_TIMESTAMP + INTERVAL 14 DAY),
  current_period_start DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  current_period_end DATETIME NOT NULL,
  cancel_at DATETIME NULL,
  canceled_at DATETIME NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_subscriptions_account_status (account_id, status),
  KEY idx_subscriptions_plan (plan_id),
  CONSTRAINT fk_subscriptions_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT fk_subscriptions_plan FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE RESTRICT,
  CONSTRAINT chk_subscriptions_period CHECK (current_period_end > current_period_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
