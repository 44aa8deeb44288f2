ALTER TABLE subscriptions
    ADD COLUMN coupon_code varchar(40)
        REFERENCES coupons (code) ON UPDATE CASCADE ON DELETE SET NULL;
