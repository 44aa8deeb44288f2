CREATE TABLE post_photos (
    post_id     bigint    NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    photo_id    bigint    NOT NULL REFERENCES photos (id) ON DELETE RESTRICT,
    "position"  smallint  NOT NULL DEFAULT 0 CHECK ("position" >= 0),
    PRIMARY KEY (post_id, photo_id)
);

CREATE INDEX post_photos_photo_id_idx ON post_photos (photo_id);
