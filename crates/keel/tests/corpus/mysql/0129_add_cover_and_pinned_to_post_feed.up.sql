CREATE OR REPLACE VIEW post_feed AS
SELECT p.id AS post_id,
       p.author_id,
       u.display_name AS author_name,
       p.organisation_id,
       p.body,
       p.visibility,
       p.published_at,
       p.pinned_at,
       p.like_count,
       p.comment_count,
       (SELECT COUNT(*) FROM post_photos pp WHERE pp.post_id = p.id) AS photo_count,
       (SELECT ph.storage_key
          FROM post_photos pp
          JOIN photos ph ON ph.id = pp.photo_id
         WHERE pp.post_id = p.id
         ORDER BY pp.position
         LIMIT 1) AS cover_storage_key
FROM posts p
JOIN users u ON u.id = p.author_id
WHERE p.published_at IS NOT NULL
  AND p.deleted_at IS NULL
  AND u.deleted_at IS NULL;
