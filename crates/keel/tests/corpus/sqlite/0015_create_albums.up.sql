CREATE TABLE albums (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title            TEXT    NOT NULL CHECK (trim(title) <> ''),
    description      TEXT,
    cover_photo_id   INTEGER REFERENCES photos (id) ON DELETE SET NULL,
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE album_photos (
    album_id  INTEGER NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    photo_id  INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL DEFAULT 0,
    added_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (album_id, photo_id)
);

CREATE INDEX album_photos_photo_id_idx ON album_photos (photo_id);
CREATE INDEX album_photos_order_idx ON album_photos (album_id, position);
