CREATE FUNCTION albums_check_cover_photo() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.cover_photo_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM album_photos ap
        WHERE ap.album_id = NEW.id AND ap.photo_id = NEW.cover_photo_id
    ) THEN
        RAISE EXCEPTION 'album %: cover photo % is not in the album', NEW.id, NEW.cover_photo_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

-- Deferred to commit, so an album and its photos can be created in any order.
CREATE CONSTRAINT TRIGGER albums_cover_photo_in_album
    AFTER INSERT OR UPDATE OF cover_photo_id ON albums
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    EXECUTE FUNCTION albums_check_cover_photo();
