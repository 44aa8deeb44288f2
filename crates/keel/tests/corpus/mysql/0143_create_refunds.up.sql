CREATE TABLE refunds (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  payment_id BIGINT UNSIGNED NOT NULL,
  amount_cents BIGINT NOT NULL,
  reason ENUM('duplicate', 'fraudulent', 'requested_by_customer', 'other') NOT NULL,
  note VARCHAR(500) NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_refunds_payment (payment_id),
  KEY idx_refunds_created_by (created_by),
  CONSTRAINT fk_refunds_payment FOREIGN KEY (payment_id) REFERENCES payments (id) ON DELETE RESTRICT,
  CONSTRAINT fk_refunds_created_by FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT chk_refunds_amount CHECK (amount_cents > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

DELIMITER $$
CREATE TRIGGER refunds_bi_limit BEFORE INSERT ON refunds
FOR EACH ROW
BEGIN
  DECLARE v_paid BIGINT DEFAULT 0;
  DECLARE v_refunded BIGINT DEFAULT 0;

  SELECT amount_cents INTO v_paid FROM payments WHERE id = NEW.payment_id;
  SELECT IFNULL(SUM(amount_cents), 0) INTO v_refunded FROM refunds WHERE payment_id = NEW.payment_id;

  IF v_refunded + NEW.amount_cents > v_paid THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refunds can''t exceed the original payment';
  END IF;
END$$
DELIMITER ;
