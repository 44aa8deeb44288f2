CREATE TRIGGER posts_touch_updated_at
AFTER UPDATE OF caption, visibility, organisation_id ON posts
FOR EACH ROW
BEGIN
    UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
