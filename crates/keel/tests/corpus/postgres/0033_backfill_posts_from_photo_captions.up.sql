-- Multi-photo support, step 2 of 3: every existing photo becomes a
-- single-photo post that carries the photo's caption. Idempotent; safe to re-run.
INSERT INTO posts (author_id, organisation_id, body, legacy_photo_id, published_at, created_at, updated_at)
SELECT ph.user_id, ph.organisation_id, ph.caption, ph.id, ph.created_at, ph.created_at, ph.created_at
FROM photos ph
WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.legacy_photo_id = ph.id)
ORDER BY ph.id;

INSERT INTO post_photos (post_id, photo_id, "position")
SELECT p.id, p.legacy_photo_id, 0
FROM posts p
WHERE p.legacy_photo_id IS NOT NULL
ON CONFLICT (post_id, photo_id) DO NOTHING;
