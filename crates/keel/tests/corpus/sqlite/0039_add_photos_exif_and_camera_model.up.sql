ALTER TABLE photos ADD COLUMN exif TEXT CHECK (exif IS NULL OR json_valid(exif));

-- Derived from the EXIF blob; VIRTUAL generated columns can be added with ALTER TABLE.
ALTER TABLE photos ADD COLUMN camera_model TEXT GENERATED ALWAYS AS (json_extract(exif, '$.Model')) VIRTUAL;

CREATE INDEX photos_camera_model_idx ON photos (camera_model) WHERE camera_model IS NOT NULL;
