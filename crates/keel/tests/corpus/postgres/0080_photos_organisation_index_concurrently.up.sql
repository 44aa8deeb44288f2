-- keel:no-transaction
-- photos is the largest table and must stay writable while this index builds,
-- so it is built CONCURRENTLY, which is not allowed inside a transaction block.
-- IF NOT EXISTS makes a retry after an interrupted run a no-op (check for an
-- INVALID index in pg_index if that happens).
CREATE INDEX CONCURRENTLY IF NOT EXISTS photos_organisation_created_idx
    ON photos (organisation_id, created_at DESC)
    WHERE deleted_at IS NULL;
