CREATE FUNCTION likes_maintain_post_count() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE posts SET like_count = like_count + 1 WHERE id = NEW.post_id;
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE posts SET like_count = greatest(like_count - 1, 0) WHERE id = OLD.post_id;
        RETURN OLD;
    ELSE
        RAISE EXCEPTION 'likes_maintain_post_count: unexpected TG_OP %', TG_OP;
    END IF;
END;
$fn$;

CREATE TRIGGER likes_post_count
    AFTER INSERT OR DELETE ON likes
    FOR EACH ROW EXECUTE FUNCTION likes_maintain_post_count();
