ALTER TABLE subscriptions DROP FOREIGN KEY fk_subscriptions_coupon;
ALTER TABLE subscriptions DROP KEY idx_subscriptions_coupon, DROP COLUMN coupon_id;
