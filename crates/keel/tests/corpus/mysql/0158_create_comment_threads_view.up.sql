-- Recursive CTE: flattens reply trees; path sorts a thread in display order.
CREATE VIEW comment_threads AS
WITH RECURSIVE thread (comment_id, root_id, post_id, depth, path) AS (
  SELECT c.id, c.id, c.post_id, 0, CAST(LPAD(c.id, 12, '0') AS CHAR(800))
  FROM comments c
  WHERE c.parent_id IS NULL
  UNION ALL
  SELECT c.id, t.root_id, c.post_id, t.depth + 1, CONCAT(t.path, '/', LPAD(c.id, 12, '0'))
  FROM comments c
  JOIN thread t ON c.parent_id = t.comment_id
)
SELECT comment_id, root_id, post_id, depth, path
FROM thread;
