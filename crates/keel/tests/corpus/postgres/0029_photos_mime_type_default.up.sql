-- Uploads are now sniffed server-side; until then the type is unknown.
ALTER TABLE photos ALTER COLUMN mime_type SET DEFAULT 'application/octet-stream';
