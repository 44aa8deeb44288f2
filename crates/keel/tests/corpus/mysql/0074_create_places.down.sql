ALTER TABLE photos DROP FOREIGN KEY fk_photos_place;
ALTER TABLE photos DROP KEY idx_photos_place, DROP COLUMN place_id;

DROP TABLE places;
