ALTER TABLE subscriptions
  ADD COLUMN coupon_id INT UNSIGNED NULL AFTER plan_id,
  ADD KEY idx_subscriptions_coupon (coupon_id),
  ADD CONSTRAINT fk_subscriptions_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id) ON DELETE SET NULL;
