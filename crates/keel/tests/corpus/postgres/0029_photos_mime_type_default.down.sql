ALTER TABLE photos ALTER COLUMN mime_type SET DEFAULT 'image/jpeg';
