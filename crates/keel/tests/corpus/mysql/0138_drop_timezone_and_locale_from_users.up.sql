ALTER TABLE users DROP COLUMN timezone, DROP COLUMN locale;
