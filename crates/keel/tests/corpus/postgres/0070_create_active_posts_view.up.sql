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
