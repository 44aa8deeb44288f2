-- Soft deletes for user content; rows are purged after the retention period.
ALTER TABLE photos ADD COLUMN deleted_at DATETIME NULL AFTER taken_at;
ALTER TABLE posts ADD COLUMN deleted_at DATETIME NULL AFTER published_at;
ALTER TABLE comments ADD COLUMN deleted_at DATETIME(3) NULL AFTER edited_at;
ALTER TABLE albums ADD COLUMN deleted_at DATETIME NULL AFTER visibility;

CREATE INDEX idx_photos_deleted_at ON photos (deleted_at);
CREATE INDEX idx_posts_deleted_at ON posts (deleted_at);
