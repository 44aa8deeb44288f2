-- Step 2 of 3: every existing photo becomes a one-photo post that carries its caption.
-- migrated_from_photo_id remembers where each post came from (and lets the down find them).
INSERT INTO posts (author_id, organisation_id, caption, visibility, migrated_from_photo_id, created_at, updated_at)
SELECT ph.owner_id, ph.organisation_id, ph.caption, ph.visibility, ph.id, ph.created_at, ph.created_at
  FROM photos AS ph
 WHERE NOT EXISTS (SELECT 1 FROM posts AS p WHERE p.migrated_from_photo_id = ph.id)
 ORDER BY ph.id;

INSERT INTO post_photos (post_id, photo_id, position)
SELECT p.id, p.migrated_from_photo_id, 1
  FROM posts AS p
 WHERE p.migrated_from_photo_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM post_photos AS pp WHERE pp.post_id = p.id);
