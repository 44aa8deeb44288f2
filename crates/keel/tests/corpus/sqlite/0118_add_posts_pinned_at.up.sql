ALTER TABLE posts ADD COLUMN pinned_at TEXT;

CREATE INDEX posts_pinned_idx ON posts (organisation_id, pinned_at DESC) WHERE pinned_at IS NOT NULL;
