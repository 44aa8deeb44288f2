-- A column can't be removed with CREATE OR REPLACE; rebuild the view and the
-- view that depends on it.
DROP VIEW post_feed;
DROP VIEW active_posts;

CREATE VIEW active_posts AS
SELECT p.id,
       p.author_id,
       p.organisation_id,
       p.body,
       p.published_at,
       p.like_count,
       p.comment_count,
       p.created_at
FROM posts p
WHERE p.deleted_at IS NULL
  AND p.published_at IS NOT NULL;

CREATE VIEW post_feed AS
SELECT ap.id AS post_id,
       ap.body,
       ap.published_at,
       ap.like_count,
       ap.comment_count,
       u.id AS author_id,
       coalesce(u.display_name, split_part(u.email, '@', 1)) AS author_name,
       (SELECT count(*) FROM post_photos pp WHERE pp.post_id = ap.id) AS photo_count
FROM active_posts ap
JOIN users u ON u.id = ap.author_id;
