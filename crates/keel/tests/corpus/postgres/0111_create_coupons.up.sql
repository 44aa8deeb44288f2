CREATE TABLE coupons (
    code              varchar(40)   PRIMARY KEY,
    percent_off       numeric(5,2)  CHECK (percent_off > 0 AND percent_off <= 100),
    amount_off_cents  integer       CHECK (amount_off_cents > 0),
    currency          char(3),
    duration_months   smallint      CHECK (duration_months > 0),  -- NULL = forever
    max_redemptions   integer,
    times_redeemed    integer       NOT NULL DEFAULT 0,
    redeem_by         timestamptz,
    created_at        timestamptz   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT coupons_exactly_one_discount CHECK (num_nonnulls(percent_off, amount_off_cents) = 1),
    CONSTRAINT coupons_amount_needs_currency CHECK (amount_off_cents IS NULL OR currency IS NOT NULL),
    CONSTRAINT coupons_code_upper CHECK (code = upper(code)),
    CONSTRAINT coupons_redemptions_within_max CHECK (max_redemptions IS NULL OR times_redeemed <= max_redemptions)
);
