ALTER TABLE albums DROP COLUMN sort_mode;
ALTER TABLE albums DROP COLUMN visibility;
