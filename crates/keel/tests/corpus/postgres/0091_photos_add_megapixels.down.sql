ALTER TABLE photos DROP COLUMN megapixels;
