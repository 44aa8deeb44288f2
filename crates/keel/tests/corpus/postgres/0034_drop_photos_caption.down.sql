ALTER TABLE photos ADD COLUMN caption text;

-- Move the captions back from the single-photo posts they were copied into.
UPDATE photos ph
SET caption = p.body
FROM posts p
WHERE p.legacy_photo_id = ph.id;
