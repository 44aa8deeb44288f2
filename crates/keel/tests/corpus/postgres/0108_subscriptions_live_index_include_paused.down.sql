DROP INDEX subscriptions_one_live_per_account;
CREATE UNIQUE INDEX subscriptions_one_live_per_account
    ON subscriptions (account_id)
    WHERE status IN ('trialing', 'active', 'past_due');
