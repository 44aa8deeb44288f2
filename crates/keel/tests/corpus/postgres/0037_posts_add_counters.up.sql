ALTER TABLE posts
    ADD COLUMN like_count     integer  NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    ADD COLUMN comment_count  integer  NOT NULL DEFAULT 0 CHECK (comment_count >= 0);

-- Backfill from the source tables without touching updated_at.
ALTER TABLE posts DISABLE TRIGGER posts_set_updated_at;

UPDATE posts p
SET like_count = s.n
FROM (SELECT post_id, count(*) AS n FROM likes GROUP BY post_id) s
WHERE s.post_id = p.id;

UPDATE posts p
SET comment_count = s.n
FROM (SELECT post_id, count(*) AS n FROM comments GROUP BY post_id) s
WHERE s.post_id = p.id;

ALTER TABLE posts ENABLE TRIGGER posts_set_updated_at;
