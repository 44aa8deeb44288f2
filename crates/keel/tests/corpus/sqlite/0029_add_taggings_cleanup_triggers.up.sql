-- Emulate ON DELETE CASCADE for the polymorphic taggings table.

CREATE TRIGGER photos_taggings_cleanup
AFTER DELETE ON photos
FOR EACH ROW
BEGIN
    DELETE FROM taggings WHERE taggable_type = 'photo' AND taggable_id = OLD.id;
END;

CREATE TRIGGER posts_taggings_cleanup
AFTER DELETE ON posts
FOR EACH ROW
BEGIN
    DELETE FROM taggings WHERE taggable_type = 'post' AND taggable_id = OLD.id;
END;

CREATE TRIGGER albums_taggings_cleanup
AFTER DELETE ON albums
FOR EACH ROW
BEGIN
    DELETE FROM taggings WHERE taggable_type = 'album' AND taggable_id = OLD.id;
END;
