CREATE FUNCTION comments_maintain_post_count() RETURNS trigger
LANGUAGE plpgsql
AS $body$
DECLARE
    delta integer;
    target bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        delta := 1;  target := NEW.post_id;
    ELSIF TG_OP = 'DELETE' THEN
        delta := -1; target := OLD.post_id;
    ELSE
        RETURN NULL;
    END IF;

    UPDATE posts
    SET comment_count = greatest(comment_count + delta, 0)
    WHERE id = target;

    RETURN NULL;  -- AFTER trigger; the result is ignored
END;
$body$;

CREATE TRIGGER comments_post_count
    AFTER INSERT OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_maintain_post_count();
