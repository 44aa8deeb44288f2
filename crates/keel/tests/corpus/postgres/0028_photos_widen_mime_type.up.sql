-- RFC 6838 allows 127 characters per type/subtype; some RAW formats exceed 50.
ALTER TABLE photos ALTER COLUMN mime_type TYPE varchar(127);
