ALTER TABLE photos DROP KEY idx_photos_megapixels, DROP COLUMN megapixels;
