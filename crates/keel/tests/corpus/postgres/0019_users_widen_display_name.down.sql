ALTER TABLE users ALTER COLUMN display_name TYPE varchar(100) USING left(display_name, 100);
