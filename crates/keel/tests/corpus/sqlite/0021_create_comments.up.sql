CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body        TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    edited_at   TEXT,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX comments_post_created_idx ON comments (post_id, created_at);
CREATE INDEX comments_parent_id_idx ON comments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_author_id_idx ON comments (author_id);
