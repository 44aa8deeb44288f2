-- Caption move, step 2 of 3 (create -> copy -> drop): every photo becomes a one-photo post whose
-- body is the photo's caption (NULL stays NULL, so the move is exactly reversible).
-- photos.caption itself is dropped by the next migration, once this copy has run.
INSERT INTO posts (author_id, organisation_id, body, legacy_photo_id, visibility, published_at, created_at)
SELECT ph.owner_id, ph.organisation_id, ph.caption, ph.id, 'public', ph.created_at, ph.created_at
FROM photos ph
WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.legacy_photo_id = ph.id)
ORDER BY ph.id;

INSERT INTO post_photos (post_id, photo_id, position)
SELECT p.id, p.legacy_photo_id, 0
FROM posts p
WHERE p.legacy_photo_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM post_photos pp WHERE pp.post_id = p.id);
