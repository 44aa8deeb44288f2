ALTER TABLE photos ALTER COLUMN mime_type TYPE varchar(50) USING left(mime_type, 50);
