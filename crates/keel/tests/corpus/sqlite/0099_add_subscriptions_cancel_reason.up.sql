ALTER TABLE subscriptions ADD COLUMN cancel_reason TEXT
    CHECK (cancel_reason IN ('too_expensive', 'missing_features', 'switched_service', 'unused', 'other'));
ALTER TABLE subscriptions ADD COLUMN cancel_feedback TEXT;
