CREATE TABLE payment_methods (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id    bigint       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider      text         NOT NULL DEFAULT 'stripe',
    provider_ref  text         NOT NULL,
    brand         text,
    last4         char(4)      CHECK (last4 ~ '^[0-9]{4}$'),
    exp_month     smallint     CHECK (exp_month BETWEEN 1 AND 12),
    exp_year      smallint     CHECK (exp_year >= 2000),
    is_default    boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (provider, provider_ref)
);

CREATE UNIQUE INDEX payment_methods_one_default_per_account
    ON payment_methods (account_id)
    WHERE is_default;
