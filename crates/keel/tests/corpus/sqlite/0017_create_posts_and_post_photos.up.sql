-- Step 1 of 3 of "multi-photo posts": posts own the caption, photos become attachments.
CREATE TABLE posts (
    id                      INTEGER PRIMARY KEY,
    author_id               INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id         INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    caption                 TEXT,
    visibility              TEXT    NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'organisation', 'public')),
    migrated_from_photo_id  INTEGER UNIQUE REFERENCES photos (id) ON DELETE SET NULL,
    created_at              TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at              TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX posts_author_created_idx ON posts (author_id, created_at DESC);

CREATE TABLE post_photos (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    photo_id  INTEGER NOT NULL REFERENCES photos (id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL CHECK (position BETWEEN 1 AND 20),
    PRIMARY KEY (post_id, position),
    UNIQUE (post_id, photo_id)
);

CREATE INDEX post_photos_photo_id_idx ON post_photos (photo_id);
