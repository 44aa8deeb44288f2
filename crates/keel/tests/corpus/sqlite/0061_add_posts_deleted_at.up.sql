-- Soft delete for posts: moderation and "undo" need the row for 30 days.
ALTER TABLE posts ADD COLUMN deleted_at TEXT;

CREATE INDEX posts_live_org_created_idx ON posts (organisation_id, created_at DESC) WHERE deleted_at IS NULL;
