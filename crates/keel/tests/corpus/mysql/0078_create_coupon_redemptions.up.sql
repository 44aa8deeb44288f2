CREATE TABLE coupon_redemptions (
  coupon_id INT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  redeemed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (coupon_id, account_id),
  KEY idx_coupon_redemptions_account (account_id),
  CONSTRAINT fk_coupon_redemptions_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id) ON DELETE RESTRICT,
  CONSTRAINT fk_coupon_redemptions_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

DELIMITER $$
CREATE TRIGGER coupon_redemptions_bi_limits BEFORE INSERT ON coupon_redemptions
FOR EACH ROW
BEGIN
  DECLARE v_max INT UNSIGNED;
  DECLARE v_redeem_by DATETIME;
  DECLARE v_used INT UNSIGNED;

  SELECT max_redemptions, redeem_by INTO v_max, v_redeem_by FROM coupons WHERE id = NEW.coupon_id;

  IF v_redeem_by IS NOT NULL AND v_redeem_by < NEW.redeemed_at THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'coupon has expired';
  END IF;

  IF v_max IS NOT NULL THEN
    SELECT COUNT(*) INTO v_used FROM coupon_redemptions WHERE coupon_id = NEW.coupon_id;
    IF v_used >= v_max THEN
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'coupon fully redeemed; no uses left';
    END IF;
  END IF;
END$$
DELIMITER ;
