CREATE TABLE subscriptions (
    id                    uuid                 PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id            bigint               NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    plan_code             text                 NOT NULL REFERENCES plans (code)
                                                   ON UPDATE CASCADE ON DELETE RESTRICT,
    status                subscription_status  NOT NULL DEFAULT 'trialing',
    current_period_start  timestamptz          NOT NULL DEFAULT CURRENT_TIMESTAMP,
    current_period_end    timestamptz          NOT NULL,
    cancel_at             timestamptz,
    created_at            timestamptz          NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT subscriptions_period_valid CHECK (current_period_end > current_period_start)
);

-- At most one live subscription per account.
CREATE UNIQUE INDEX subscriptions_one_live_per_account
    ON subscriptions (account_id)
    WHERE status IN ('trialing', 'active', 'past_due');
