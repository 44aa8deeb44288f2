DROP INDEX photos_camera_model_idx;
ALTER TABLE photos DROP COLUMN camera_model;
ALTER TABLE photos DROP COLUMN exif;
