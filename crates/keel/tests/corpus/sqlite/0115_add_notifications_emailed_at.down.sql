DROP INDEX notifications_email_pending_idx;
ALTER TABLE notifications DROP COLUMN emailed_at;
