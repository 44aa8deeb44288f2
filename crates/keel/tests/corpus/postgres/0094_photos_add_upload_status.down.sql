DROP INDEX photos_processing_queue_idx;
ALTER TABLE photos DROP COLUMN status;
