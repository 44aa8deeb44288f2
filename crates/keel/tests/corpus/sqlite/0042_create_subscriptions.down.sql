DROP INDEX subscriptions_plan_id_idx;
DROP INDEX subscriptions_one_live_per_account;
DROP TABLE subscriptions;
