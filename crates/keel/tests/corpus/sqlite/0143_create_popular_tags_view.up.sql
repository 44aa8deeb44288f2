CREATE VIEW popular_tags AS
SELECT t.organisation_id,
       t.id          AS tag_id,
       t.name,
       t.slug,
       t.usage_count,
       rank() OVER (PARTITION BY t.organisation_id ORDER BY t.usage_count DESC, t.name) AS org_rank
  FROM tags AS t
 WHERE t.usage_count > 0;
