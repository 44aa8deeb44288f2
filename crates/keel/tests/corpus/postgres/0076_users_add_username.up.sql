ALTER TABLE users ADD COLUMN username varchar(40);

-- Backfill from the e-mail local part: "Ana.Lima@x.io" -> "ana_lima", then
-- "ana_lima1", "ana_lima2"... on collisions. updated_at is left alone.
ALTER TABLE users DISABLE TRIGGER users_set_updated_at;

DO $$
DECLARE
    r          record;
    candidate  text;
    suffix     integer;
BEGIN
    FOR r IN SELECT id, email FROM users WHERE username IS NULL ORDER BY id LOOP
        candidate := left(regexp_replace(lower(split_part(r.email, '@', 1)), '[^a-z0-9_]', '_', 'g'), 32);
        IF candidate = '' THEN
            candidate := 'user';
        END IF;

        suffix := 0;
        WHILE EXISTS (
            SELECT 1 FROM users
            WHERE lower(username) = candidate || CASE WHEN suffix = 0 THEN '' ELSE suffix::text END
        ) LOOP
            suffix := suffix + 1;
        END LOOP;

        UPDATE users
        SET username = candidate || CASE WHEN suffix = 0 THEN '' ELSE suffix::text END
        WHERE id = r.id;
    END LOOP;
END
$$;

ALTER TABLE users ENABLE TRIGGER users_set_updated_at;

ALTER TABLE users ALTER COLUMN username SET NOT NULL;
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
