ALTER TABLE album_items
  RENAME INDEX idx_album_items_photo TO idx_album_photos_photo,
  RENAME INDEX idx_album_items_order TO idx_album_photos_order;

RENAME TABLE album_items TO album_photos;
