CREATE TABLE album_photos (
    album_id    bigint       NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    photo_id    bigint       NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    "position"  integer      NOT NULL,
    added_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (album_id, photo_id),
    /* Reordering swaps positions inside one transaction (UPDATE ... SET
       "position" = CASE ...; several rows), so uniqueness is checked at commit. */
    CONSTRAINT album_photos_album_position_key
        UNIQUE (album_id, "position") DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX album_photos_photo_id_idx ON album_photos (photo_id);
