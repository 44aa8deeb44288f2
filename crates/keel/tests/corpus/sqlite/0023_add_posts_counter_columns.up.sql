ALTER TABLE posts ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0);
ALTER TABLE posts ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0);

-- Backfill; triggers keep these current from the next migration on.
UPDATE posts
   SET like_count    = (SELECT count(*) FROM likes    WHERE likes.post_id    = posts.id),
       comment_count = (SELECT count(*) FROM comments WHERE comments.post_id = posts.id);
