DROP INDEX idx_posts_deleted_at ON posts;
DROP INDEX idx_photos_deleted_at ON photos;

ALTER TABLE albums DROP COLUMN deleted_at;
ALTER TABLE comments DROP COLUMN deleted_at;
ALTER TABLE posts DROP COLUMN deleted_at;
ALTER TABLE photos DROP COLUMN deleted_at;
