CREATE TABLE coupons (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  code VARCHAR(32) NOT NULL,
  percent_off TINYINT UNSIGNED NULL,
  amount_off_cents INT UNSIGNED NULL,
  currency CHAR(3) NULL,
  duration ENUM('once', 'repeating', 'forever') NOT NULL DEFAULT 'once',
  duration_months TINYINT UNSIGNED NULL,
  max_redemptions INT UNSIGNED NULL,
  redeem_by DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_coupons_code (code),
  CONSTRAINT chk_coupons_discount CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL)),
  CONSTRAINT chk_coupons_percent CHECK (percent_off IS NULL OR percent_off BETWEEN 1 AND 100),
  CONSTRAINT chk_coupons_currency CHECK (amount_off_cents IS NULL OR currency IS NOT NULL),
  CONSTRAINT chk_coupons_duration CHECK ((duration = 'repeating') = (duration_months IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
