CREATE TABLE post_mentions (
    post_id            bigint       NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    mentioned_user_id  bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at         timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (post_id, mentioned_user_id)
);

CREATE INDEX post_mentions_user_idx ON post_mentions (mentioned_user_id, created_at DESC);
