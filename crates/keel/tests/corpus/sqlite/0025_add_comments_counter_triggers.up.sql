CREATE TRIGGER comments_after_insert
AFTER INSERT ON comments
FOR EACH ROW
BEGIN
    UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER comments_after_delete
AFTER DELETE ON comments
FOR EACH ROW
BEGIN
    UPDATE posts
       SET comment_count = CASE WHEN comment_count > 0 THEN comment_count - 1 ELSE 0 END
     WHERE id = OLD.post_id;
END;
