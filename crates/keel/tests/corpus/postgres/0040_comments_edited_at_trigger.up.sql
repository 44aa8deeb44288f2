CREATE FUNCTION comments_mark_edited() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.edited_at := now();
    RETURN NEW;
END;
$$;

-- Only fires when the body really changes; moderation updates don't count.
CREATE TRIGGER comments_mark_edited
    BEFORE UPDATE OF body ON comments
    FOR EACH ROW
    WHEN (OLD.body IS DISTINCT FROM NEW.body)
    EXECUTE FUNCTION comments_mark_edited();
