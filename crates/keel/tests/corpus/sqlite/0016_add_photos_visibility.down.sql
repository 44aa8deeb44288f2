ALTER TABLE photos DROP COLUMN visibility;
