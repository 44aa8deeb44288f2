CREATE TABLE photo_variants (
    photo_id     INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    variant      TEXT    NOT NULL CHECK (variant IN ('thumb', 'small', 'medium', 'large')),
    storage_key  TEXT    NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    byte_size    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (photo_id, variant)
) WITHOUT ROWID;
