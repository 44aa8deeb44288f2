ALTER TABLE photos DROP COLUMN aspect_ratio;
