CREATE TABLE likes (
    user_id     bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id     bigint       NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, post_id)
);

CREATE INDEX likes_post_id_idx ON likes (post_id);
