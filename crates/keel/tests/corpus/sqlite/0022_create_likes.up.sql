CREATE TABLE likes (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, post_id)
) WITHOUT ROWID;

CREATE INDEX likes_post_id_idx ON likes (post_id, created_at DESC);
