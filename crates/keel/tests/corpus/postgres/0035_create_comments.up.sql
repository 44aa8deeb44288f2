CREATE TABLE comments (
    id          bigserial    PRIMARY KEY,
    post_id     bigint       NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id   bigint       REFERENCES users (id) ON DELETE SET NULL,
    -- threaded replies; deleting a comment deletes its subtree
    parent_id   bigint       REFERENCES comments (id) ON DELETE CASCADE,
    body        text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    edited_at   timestamptz,
    CONSTRAINT comments_body_length CHECK (char_length(body) BETWEEN 1 AND 10000),
    CONSTRAINT comments_not_own_parent CHECK (parent_id <> id)
);

CREATE INDEX comments_post_id_created_at_idx ON comments (post_id, created_at);
CREATE INDEX comments_parent_id_idx ON comments (parent_id) WHERE parent_id IS NOT NULL;
