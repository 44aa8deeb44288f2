ALTER TABLE users DROP COLUMN locale, DROP COLUMN timezone;
