CREATE TABLE collections (
    id          bigserial    PRIMARY KEY,
    user_id     bigint       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text         NOT NULL,
    is_private  boolean      NOT NULL DEFAULT true,
    created_at  timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT collections_user_name_key UNIQUE (user_id, name)
);

CREATE TABLE collection_items (
    collection_id  bigint       NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    post_id        bigint       NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    note           text,
    added_at       timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (collection_id, post_id)
);

CREATE INDEX collection_items_post_id_idx ON collection_items (post_id);
