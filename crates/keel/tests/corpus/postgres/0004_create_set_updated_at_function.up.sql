-- Generic BEFORE UPDATE trigger: bump updated_at; skip no-op updates
-- (e.g. "UPDATE t SET x = x"; those shouldn't look like edits).
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;
