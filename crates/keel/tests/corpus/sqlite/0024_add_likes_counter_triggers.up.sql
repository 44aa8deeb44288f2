CREATE TRIGGER likes_after_insert
AFTER INSERT ON likes
FOR EACH ROW
BEGIN
    UPDATE posts SET like_count = like_count + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER likes_after_delete
AFTER DELETE ON likes
FOR EACH ROW
BEGIN
    UPDATE posts
       SET like_count = CASE WHEN like_count > 0 THEN like_count - 1 ELSE 0 END
     WHERE id = OLD.post_id;
END;
