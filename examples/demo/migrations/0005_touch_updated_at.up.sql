ALTER TABLE posts ADD COLUMN updated_at TEXT;
CREATE TRIGGER posts_touch AFTER UPDATE OF caption ON posts
BEGIN
    UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
