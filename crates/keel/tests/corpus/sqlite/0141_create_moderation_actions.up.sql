CREATE TABLE moderation_actions (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES content_reports (id) ON DELETE CASCADE,
    moderator_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action        TEXT    NOT NULL CHECK (action IN ('dismiss', 'hide', 'delete', 'warn_user', 'suspend_user')),
    note          TEXT,
    created_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX moderation_actions_report_id_idx ON moderation_actions (report_id);

CREATE TRIGGER moderation_actions_resolve_report
AFTER INSERT ON moderation_actions
FOR EACH ROW
BEGIN
    UPDATE content_reports
       SET status      = CASE NEW.action WHEN 'dismiss' THEN 'dismissed' ELSE 'actioned' END,
           resolved_by = NEW.moderator_id,
           resolved_at = NEW.created_at
     WHERE id = NEW.report_id
       AND status = 'open';

    -- Hidden or deleted content leaves the feeds straight away (soft delete).
    UPDATE posts
       SET deleted_at = NEW.created_at
     WHERE NEW.action IN ('hide', 'delete')
       AND deleted_at IS NULL
       AND id = (SELECT subject_id FROM content_reports WHERE id = NEW.report_id AND subject_type = 'post');

    UPDATE comments
       SET deleted_at = NEW.created_at
     WHERE NEW.action IN ('hide', 'delete')
       AND deleted_at IS NULL
       AND id = (SELECT subject_id FROM content_reports WHERE id = NEW.report_id AND subject_type = 'comment');
END;
