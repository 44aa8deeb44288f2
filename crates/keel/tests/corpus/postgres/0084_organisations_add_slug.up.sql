ALTER TABLE organisations ADD COLUMN slug varchar(64);

/* Backfill: "Acme Studio (Berlin)" -> "acme-studio-berlin"; collisions inside
   one account get "-2", "-3"; names without any letters become "org". */
DO $backfill$
DECLARE
    r     record;
    base  text;
    n     integer;
BEGIN
    FOR r IN SELECT id, account_id, name FROM organisations WHERE slug IS NULL ORDER BY created_at, id LOOP
        base := trim(both '-' from regexp_replace(lower(r.name), '[^a-z0-9]+', '-', 'g'));
        IF base IS NULL OR base = '' THEN
            base := 'org';
        END IF;
        base := left(base, 56);

        n := 1;
        WHILE EXISTS (
            SELECT 1 FROM organisations o
            WHERE o.account_id = r.account_id
              AND o.slug = CASE WHEN n = 1 THEN base ELSE base || '-' || n END
        ) LOOP
            n := n + 1;
        END LOOP;

        UPDATE organisations
        SET slug = CASE WHEN n = 1 THEN base ELSE base || '-' || n END
        WHERE id = r.id;
    END LOOP;
END
$backfill$;

ALTER TABLE organisations ALTER COLUMN slug SET NOT NULL;
ALTER TABLE organisations ADD CONSTRAINT organisations_account_slug_key UNIQUE (account_id, slug);
