DELETE FROM post_photos pp
USING posts p
WHERE pp.post_id = p.id
  AND p.legacy_photo_id IS NOT NULL;

DELETE FROM posts WHERE legacy_photo_id IS NOT NULL;
