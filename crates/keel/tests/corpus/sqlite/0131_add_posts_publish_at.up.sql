ALTER TABLE posts ADD COLUMN publish_at TEXT;

CREATE INDEX posts_scheduled_idx ON posts (publish_at) WHERE publish_at IS NOT NULL;
