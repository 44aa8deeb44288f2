CREATE MATERIALIZED VIEW daily_post_stats AS
SELECT date_trunc('day', p.published_at) AS day,
       p.organisation_id,
       count(*)             AS posts,
       sum(p.like_count)    AS likes,
       sum(p.comment_count) AS comments
FROM posts p
WHERE p.published_at IS NOT NULL
  AND p.deleted_at IS NULL
GROUP BY 1, 2
WITH NO DATA;

-- Needed for REFRESH ... CONCURRENTLY later on.
CREATE UNIQUE INDEX daily_post_stats_day_org_key ON daily_post_stats (day, organisation_id);

REFRESH MATERIALIZED VIEW daily_post_stats;
