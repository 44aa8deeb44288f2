-- Undoing 0004 discards the posts: their captions are copied back to photos first, and the
-- rest (ids, owners, the photo links) is rebuilt from photos when 0004 runs again.
-- keel:allows-loss posts, photos.post_id
UPDATE photos SET caption = (SELECT caption FROM posts WHERE posts.id = photos.post_id);
ALTER TABLE photos DROP COLUMN post_id;
DROP TABLE posts;
