ALTER TABLE photos DROP COLUMN license_code;
