ALTER TABLE album_items DROP COLUMN note;
