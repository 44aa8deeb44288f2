ALTER TABLE comments ADD COLUMN depth smallint NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 32);

-- Backfill with a recursive walk from the top-level comments.
WITH RECURSIVE tree (id, depth) AS (
    SELECT c.id, 0
    FROM comments c
    WHERE c.parent_id IS NULL
    UNION ALL
    SELECT c.id, t.depth + 1
    FROM comments c
    JOIN tree t ON c.parent_id = t.id
)
UPDATE comments c
SET depth = least(tree.depth, 32)
FROM tree
WHERE tree.id = c.id
  AND tree.depth > 0;
