ALTER INDEX photos_captured_at_idx RENAME TO photos_taken_at_idx;
ALTER TABLE photos RENAME COLUMN captured_at TO taken_at;
