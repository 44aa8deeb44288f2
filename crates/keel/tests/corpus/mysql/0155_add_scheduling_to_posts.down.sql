ALTER TABLE posts DROP CONSTRAINT chk_posts_schedule;
ALTER TABLE posts DROP KEY idx_posts_scheduled_for, DROP COLUMN scheduled_for;
