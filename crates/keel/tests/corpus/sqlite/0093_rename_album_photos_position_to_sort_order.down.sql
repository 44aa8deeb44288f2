ALTER TABLE album_photos RENAME COLUMN sort_order TO position;
