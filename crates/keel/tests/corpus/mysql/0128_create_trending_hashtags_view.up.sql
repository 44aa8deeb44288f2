-- RANK is a reserved word in MySQL 8, hence the quoted alias.
CREATE VIEW trending_hashtags AS
SELECT h.id AS hashtag_id,
       h.tag,
       COUNT(*) AS recent_posts,
       RANK() OVER (ORDER BY COUNT(*) DESC) AS `rank`
FROM hashtags h
JOIN post_hashtags ph ON ph.hashtag_id = h.id
JOIN posts p ON p.id = ph.post_id
WHERE p.published_at >= CURRENT_TIMESTAMP - INTERVAL 7 DAY
  AND p.deleted_at IS NULL
GROUP BY h.id, h.tag;
