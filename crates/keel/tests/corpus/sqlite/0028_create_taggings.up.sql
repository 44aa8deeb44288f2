-- Polymorphic: a tag can sit on a photo, a post or an album.  No FK on taggable_id;
-- clean-up triggers follow in the next migration.
CREATE TABLE taggings (
    tag_id         INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    taggable_type  TEXT    NOT NULL CHECK (taggable_type IN ('photo', 'post', 'album')),
    taggable_id    INTEGER NOT NULL,
    tagged_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (tag_id, taggable_type, taggable_id)
);

CREATE INDEX taggings_target_idx ON taggings (taggable_type, taggable_id);
