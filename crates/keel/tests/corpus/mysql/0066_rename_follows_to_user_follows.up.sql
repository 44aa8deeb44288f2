-- Triggers (follows_bi_no_self, follows_ai_notify) move with the table.
RENAME TABLE follows TO user_follows;
