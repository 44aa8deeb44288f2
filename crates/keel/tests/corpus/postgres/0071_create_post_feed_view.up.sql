-- A view over a view: the feed builds on active_posts.
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
