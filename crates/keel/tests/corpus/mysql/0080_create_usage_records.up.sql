CREATE TABLE usage_records (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  subscription_id BIGINT UNSIGNED NOT NULL,
  metric ENUM('storage_gb', 'api_calls', 'seats') NOT NULL,
  quantity BIGINT NOT NULL,
  recorded_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  idempotency_key VARCHAR(64) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_usage_records_idempotency (subscription_id, idempotency_key),
  KEY idx_usage_records_metric (subscription_id, metric, recorded_at),
  CONSTRAINT fk_usage_records_subscription FOREIGN KEY (subscription_id) REFERENCES subscriptions (id) ON DELETE CASCADE,
  CONSTRAINT chk_usage_records_quantity CHECK (quantity >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
