CREATE TABLE coupons (
    id                INTEGER PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    percent_off       INTEGER CHECK (percent_off BETWEEN 1 AND 100),
    amount_off_cents  INTEGER CHECK (amount_off_cents > 0),
    max_redemptions   INTEGER,
    valid_until       TEXT,
    created_at        TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- exactly one kind of discount
    CHECK ((percent_off IS NULL) <> (amount_off_cents IS NULL))
);

CREATE TABLE coupon_redemptions (
    coupon_id    INTEGER NOT NULL REFERENCES coupons (id) ON DELETE RESTRICT,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    invoice_id   INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    redeemed_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (coupon_id, account_id)
);

CREATE INDEX coupon_redemptions_account_id_idx ON coupon_redemptions (account_id);

INSERT INTO coupons (code, percent_off, max_redemptions, valid_until)
VALUES ('LAUNCH-20', 20, 500, '2025-12-31 23:59:59');
