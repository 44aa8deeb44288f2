-- Profile grid: newest first.
CREATE INDEX photos_user_id_created_at_idx ON photos (user_id, created_at DESC);

-- Timeline by capture date; photos without EXIF dates sort last.
CREATE INDEX photos_taken_at_idx ON photos (taken_at DESC NULLS LAST);
