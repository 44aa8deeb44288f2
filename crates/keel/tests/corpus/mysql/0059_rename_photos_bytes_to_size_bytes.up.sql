ALTER TABLE photos RENAME COLUMN bytes TO size_bytes;
