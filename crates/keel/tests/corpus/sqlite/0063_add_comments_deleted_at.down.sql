DROP TRIGGER comments_after_soft_delete;
DROP TRIGGER comments_after_delete;

CREATE TRIGGER comments_after_delete
AFTER DELETE ON comments
FOR EACH ROW
BEGIN
    UPDATE posts
       SET comment_count = CASE WHEN comment_count > 0 THEN comment_count - 1 ELSE 0 END
     WHERE id = OLD.post_id;
END;

ALTER TABLE comments DROP COLUMN deleted_at;
