CREATE VIEW organisation_daily_activity AS
SELECT p.organisation_id,
       DATE(p.published_at) AS day,
       COUNT(*) AS posts_published,
       SUM(p.like_count) AS likes,
       SUM(p.comment_count) AS comments
FROM posts p
WHERE p.organisation_id IS NOT NULL
  AND p.published_at IS NOT NULL
  AND p.deleted_at IS NULL
GROUP BY p.organisation_id, DATE(p.published_at);
