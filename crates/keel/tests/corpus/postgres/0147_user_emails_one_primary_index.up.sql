CREATE UNIQUE INDEX user_emails_one_primary_per_user ON user_emails (user_id) WHERE is_primary;
