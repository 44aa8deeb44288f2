DROP INDEX photos_user_sha256_key;
ALTER TABLE photos
    DROP CONSTRAINT photos_sha256_length,
    DROP COLUMN sha256;
