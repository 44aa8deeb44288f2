ALTER TABLE posts ADD COLUMN deleted_at timestamptz;

CREATE INDEX posts_live_author_published_idx
    ON posts (author_id, published_at DESC)
    WHERE deleted_at IS NULL;
