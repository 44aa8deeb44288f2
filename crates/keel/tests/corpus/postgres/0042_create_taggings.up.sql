-- Polymorphic tagging: posts, photos and albums share one tag vocabulary.
CREATE TABLE taggings (
    tag_id         integer      NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    taggable_type  text         NOT NULL CHECK (taggable_type IN ('post', 'photo', 'album')),
    taggable_id    bigint       NOT NULL,
    tagged_by      bigint       REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (tag_id, taggable_type, taggable_id)
);

CREATE INDEX taggings_taggable_idx ON taggings (taggable_type, taggable_id);
