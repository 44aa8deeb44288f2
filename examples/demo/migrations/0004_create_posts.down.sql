UPDATE photos SET caption = (SELECT caption FROM posts WHERE posts.id = photos.post_id);
ALTER TABLE photos DROP COLUMN post_id;
DROP TABLE posts;
