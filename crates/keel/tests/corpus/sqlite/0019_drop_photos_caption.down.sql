-- Put the column back where it was and move the captions back from the migrated posts.
-- ADD COLUMN would append it at the end, so rebuild the table instead.
CREATE TABLE photos_restored (
    id               INTEGER PRIMARY KEY,
    owner_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id  INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    storage_key      TEXT    NOT NULL UNIQUE,
    caption          TEXT,
    width            INTEGER CHECK (width > 0),
    height           INTEGER CHECK (height > 0),
    byte_size        INTEGER NOT NULL DEFAULT 0 CHECK (byte_size >= 0),
    mime_type        TEXT    NOT NULL DEFAULT 'image/jpeg',
    taken_at         TEXT,
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    visibility       TEXT    NOT NULL DEFAULT 'private'
                             CHECK (visibility IN ('private', 'organisation', 'public'))
);

INSERT INTO photos_restored (id, owner_id, organisation_id, storage_key, caption, width, height,
                             byte_size, mime_type, taken_at, created_at, visibility)
SELECT ph.id, ph.owner_id, ph.organisation_id, ph.storage_key,
       (SELECT p.caption FROM posts AS p WHERE p.migrated_from_photo_id = ph.id),
       ph.width, ph.height, ph.byte_size, ph.mime_type, ph.taken_at, ph.created_at, ph.visibility
  FROM photos AS ph;

DROP TABLE photos;

ALTER TABLE photos_restored RENAME TO photos;

CREATE INDEX photos_owner_created_idx ON photos (owner_id, created_at DESC);
CREATE INDEX photos_organisation_id_idx ON photos (organisation_id) WHERE organisation_id IS NOT NULL;
