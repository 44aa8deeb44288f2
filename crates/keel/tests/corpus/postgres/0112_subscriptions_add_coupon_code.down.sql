ALTER TABLE subscriptions DROP COLUMN coupon_code;
