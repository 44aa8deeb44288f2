DROP INDEX photos_exif_gin_idx;
ALTER TABLE photos DROP COLUMN exif;
