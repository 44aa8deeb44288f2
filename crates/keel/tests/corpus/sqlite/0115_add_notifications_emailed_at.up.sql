ALTER TABLE notifications ADD COLUMN emailed_at TEXT;

-- The digest mailer picks unread notifications that have not been e-mailed yet.
CREATE INDEX notifications_email_pending_idx ON notifications (created_at)
    WHERE emailed_at IS NULL AND read_at IS NULL;
