ALTER TABLE comments ADD COLUMN deleted_at TEXT;

-- A soft-deleted comment no longer counts; hard-deleting it later must not count it twice.
DROP TRIGGER comments_after_delete;

CREATE TRIGGER comments_after_delete
AFTER DELETE ON comments
FOR EACH ROW
WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE posts
       SET comment_count = CASE WHEN comment_count > 0 THEN comment_count - 1 ELSE 0 END
     WHERE id = OLD.post_id;
END;

CREATE TRIGGER comments_after_soft_delete
AFTER UPDATE OF deleted_at ON comments
FOR EACH ROW
BEGIN
    UPDATE posts
       SET comment_count = max(0, comment_count + CASE
                                   WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN -1
                                   WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 1
                                   ELSE 0
                               END)
     WHERE id = NEW.post_id;
END;
