-- Fails on purpose if the same storage_key now exists in two buckets.
CREATE TABLE photos_old (
    id               INTEGER PRIMARY KEY,
    owner_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id  INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    storage_key      TEXT    NOT NULL UNIQUE,
    width            INTEGER CHECK (width > 0),
    height           INTEGER CHECK (height > 0),
    byte_size        INTEGER NOT NULL DEFAULT 0 CHECK (byte_size >= 0),
    mime_type        TEXT    NOT NULL DEFAULT 'image/jpeg',
    taken_at         TEXT,
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    visibility       TEXT    NOT NULL DEFAULT 'private'
                             CHECK (visibility IN ('private', 'organisation', 'public')),
    exif             TEXT    CHECK (exif IS NULL OR json_valid(exif)),
    camera_model     TEXT    GENERATED ALWAYS AS (json_extract(exif, '$.Model')) VIRTUAL
);

INSERT INTO photos_old (id, owner_id, organisation_id, storage_key, width, height, byte_size, mime_type, taken_at, created_at, visibility, exif)
SELECT id, owner_id, organisation_id, storage_key, width, height, byte_size, mime_type, taken_at, created_at, visibility, exif
  FROM photos;

DROP TABLE photos;

ALTER TABLE photos_old RENAME TO photos;

CREATE INDEX photos_owner_created_idx ON photos (owner_id, created_at DESC);

CREATE INDEX photos_organisation_id_idx ON photos (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE INDEX photos_camera_model_idx ON photos (camera_model) WHERE camera_model IS NOT NULL;

CREATE TRIGGER photos_taggings_cleanup
AFTER DELETE ON photos
FOR EACH ROW
BEGIN
    DELETE FROM taggings WHERE taggable_type = 'photo' AND taggable_id = OLD.id;
END;
