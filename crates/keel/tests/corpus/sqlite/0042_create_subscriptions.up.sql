CREATE TABLE subscriptions (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    plan_id             INTEGER NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
    status              TEXT    NOT NULL DEFAULT 'trialing'
                                CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
    provider_ref        TEXT    UNIQUE,
    started_at          TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    current_period_end  TEXT,
    canceled_at         TEXT,
    CHECK (canceled_at IS NULL OR status = 'canceled')
);

-- At most one live subscription per account.
CREATE UNIQUE INDEX subscriptions_one_live_per_account
    ON subscriptions (account_id)
    WHERE status IN ('trialing', 'active', 'past_due');

CREATE INDEX subscriptions_plan_id_idx ON subscriptions (plan_id);
