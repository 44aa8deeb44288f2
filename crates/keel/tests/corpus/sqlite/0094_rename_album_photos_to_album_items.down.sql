DROP INDEX album_items_order_idx;
DROP INDEX album_items_photo_id_idx;

ALTER TABLE album_items RENAME TO album_photos;

CREATE INDEX album_photos_photo_id_idx ON album_photos (photo_id);
CREATE INDEX album_photos_order_idx ON album_photos (album_id, sort_order);
