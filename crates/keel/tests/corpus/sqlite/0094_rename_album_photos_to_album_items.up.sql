-- Albums will hold posts as well as photos later; start with the name.
ALTER TABLE album_photos RENAME TO album_items;

DROP INDEX album_photos_photo_id_idx;
DROP INDEX album_photos_order_idx;
CREATE INDEX album_items_photo_id_idx ON album_items (photo_id);
CREATE INDEX album_items_order_idx ON album_items (album_id, sort_order);
