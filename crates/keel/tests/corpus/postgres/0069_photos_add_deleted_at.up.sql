ALTER TABLE photos ADD COLUMN deleted_at timestamptz;

CREATE INDEX photos_live_user_created_idx
    ON photos (user_id, created_at DESC)
    WHERE deleted_at IS NULL;
