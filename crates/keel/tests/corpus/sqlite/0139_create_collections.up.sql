-- Personal collections ("saved") of posts, with a cached post count.
CREATE TABLE collections (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT    NOT NULL,
    is_private  INTEGER NOT NULL DEFAULT 1 CHECK (is_private IN (0, 1)),
    post_count  INTEGER NOT NULL DEFAULT 0 CHECK (post_count >= 0),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (owner_id, title)
);

CREATE TABLE collection_posts (
    collection_id  INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    post_id        INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    note           TEXT,
    added_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (collection_id, post_id)
);

CREATE INDEX collection_posts_post_id_idx ON collection_posts (post_id);

CREATE TRIGGER collection_posts_count_insert
AFTER INSERT ON collection_posts
FOR EACH ROW
BEGIN
    UPDATE collections SET post_count = post_count + 1 WHERE id = NEW.collection_id;
END;

CREATE TRIGGER collection_posts_count_delete
AFTER DELETE ON collection_posts
FOR EACH ROW
BEGIN
    UPDATE collections
       SET post_count = CASE WHEN post_count > 0 THEN post_count - 1 ELSE 0 END
     WHERE id = OLD.collection_id;
END;
