-- Existing photos are fully processed...
ALTER TABLE photos ADD COLUMN status upload_status NOT NULL DEFAULT 'ready';
-- ...new uploads start out pending.
ALTER TABLE photos ALTER COLUMN status SET DEFAULT 'pending';

CREATE INDEX photos_processing_queue_idx ON photos (created_at)
    WHERE status IN ('pending', 'processing');
