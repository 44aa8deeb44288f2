-- Albums will hold videos too; the table and its indexes get neutral names.
RENAME TABLE album_photos TO album_items;

ALTER TABLE album_items
  RENAME INDEX idx_album_photos_photo TO idx_album_items_photo,
  RENAME INDEX idx_album_photos_order TO idx_album_items_order;
