CREATE TABLE webhook_deliveries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  endpoint_id BIGINT UNSIGNED NOT NULL,
  event VARCHAR(64) NOT NULL,
  payload JSON NOT NULL,
  attempt TINYINT UNSIGNED NOT NULL DEFAULT 1,
  status ENUM('pending', 'delivered', 'failed', 'gave_up') NOT NULL DEFAULT 'pending',
  response_code SMALLINT UNSIGNED NULL,
  response_body TEXT NULL,
  next_attempt_at DATETIME NULL,
  delivered_at DATETIME NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_webhook_deliveries_endpoint_created (endpoint_id, created_at),
  KEY idx_webhook_deliveries_due (status, next_attempt_at),
  CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  CONSTRAINT chk_webhook_deliveries_attempt CHECK (attempt BETWEEN 1 AND 25),
  CONSTRAINT chk_webhook_deliveries_code CHECK (response_code IS NULL OR response_code BETWEEN 100 AND 599)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
