-- CREATE OR REPLACE VIEW may append columns (not remove or reorder them).
CREATE OR REPLACE VIEW active_posts AS
SELECT p.id,
       p.author_id,
       p.organisation_id,
       p.body,
       p.published_at,
       p.like_count,
       p.comment_count,
       p.created_at,
       p.updated_at
FROM posts p
WHERE p.deleted_at IS NULL
  AND p.published_at IS NOT NULL;
