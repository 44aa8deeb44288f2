-- Paused subscriptions can't exist before this migration: resume them.
UPDATE subscriptions SET status = 'active' WHERE status = 'paused';

-- The partial index predicate and the column default reference the type;
-- drop them around the rebuild.
DROP INDEX subscriptions_one_live_per_account;
ALTER TABLE subscriptions ALTER COLUMN status DROP DEFAULT;

ALTER TYPE subscription_status RENAME TO subscription_status_old;
CREATE TYPE subscription_status AS ENUM ('trialing', 'active', 'past_due', 'canceled');

ALTER TABLE subscriptions
    ALTER COLUMN status TYPE subscription_status USING status::text::subscription_status;

ALTER TABLE subscriptions ALTER COLUMN status SET DEFAULT 'trialing';
CREATE UNIQUE INDEX subscriptions_one_live_per_account
    ON subscriptions (account_id)
    WHERE status IN ('trialing', 'active', 'past_due');

DROP TYPE subscription_status_old;
