-- RENAME COLUMN also rewrites album_photos_order_idx.
ALTER TABLE album_photos RENAME COLUMN position TO sort_order;
