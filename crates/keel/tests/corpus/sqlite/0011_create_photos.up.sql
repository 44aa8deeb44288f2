CREATE TABLE photos (
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
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX photos_owner_created_idx ON photos (owner_id, created_at DESC);
CREATE INDEX photos_organisation_id_idx ON photos (organisation_id) WHERE organisation_id IS NOT NULL;
