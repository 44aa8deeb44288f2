DROP TABLE coupon_redemptions;
