ALTER TABLE posts ADD COLUMN pinned_at timestamptz;

-- One pinned (live) post per author.
CREATE UNIQUE INDEX posts_one_pinned_per_author
    ON posts (author_id)
    WHERE pinned_at IS NOT NULL AND deleted_at IS NULL;
