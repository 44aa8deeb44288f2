ALTER TABLE photos ADD COLUMN deleted_at TEXT;

CREATE INDEX photos_live_owner_idx ON photos (owner_id) WHERE deleted_at IS NULL;
