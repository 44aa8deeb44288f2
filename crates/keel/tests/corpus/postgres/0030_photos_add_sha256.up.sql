ALTER TABLE photos
    ADD COLUMN sha256 bytea,
    ADD CONSTRAINT photos_sha256_length CHECK (octet_length(sha256) = 32);

-- Duplicate detection per user; older rows have no hash yet.
CREATE UNIQUE INDEX photos_user_sha256_key ON photos (user_id, sha256) WHERE sha256 IS NOT NULL;
