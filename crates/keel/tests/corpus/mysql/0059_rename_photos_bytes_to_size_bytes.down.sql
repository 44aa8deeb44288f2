ALTER TABLE photos RENAME COLUMN size_bytes TO bytes;
