-- SQL-standard function body (PostgreSQL 14+): parsed at creation time and
-- dependency-tracked, unlike a string body.
CREATE FUNCTION post_engagement(p_post_id bigint) RETURNS bigint
LANGUAGE sql
STABLE
PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT count(*) FROM likes l WHERE l.post_id = p_post_id)
         + (SELECT count(*) FROM comments c WHERE c.post_id = p_post_id AND c.deleted_at IS NULL);
END;
