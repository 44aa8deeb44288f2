ALTER TABLE subscriptions DROP COLUMN cancel_feedback;
ALTER TABLE subscriptions DROP COLUMN cancel_reason;
