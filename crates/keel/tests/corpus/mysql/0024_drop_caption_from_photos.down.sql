ALTER TABLE photos ADD COLUMN caption VARCHAR(500) NULL AFTER storage_key;

-- Move the text back; keep updated_at untouched.
UPDATE photos ph
JOIN posts p ON p.legacy_photo_id = ph.id
SET ph.caption = p.body,
    ph.updated_at = ph.updated_at;
