-- "taken_at" was ambiguous for scans and screenshots.
ALTER TABLE photos RENAME COLUMN taken_at TO captured_at;
ALTER INDEX photos_taken_at_idx RENAME TO photos_captured_at_idx;
