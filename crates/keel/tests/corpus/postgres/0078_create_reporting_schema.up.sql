CREATE SCHEMA reporting;

COMMENT ON SCHEMA reporting IS 'Read-only views for the BI tool; no tables live here.';

CREATE VIEW reporting.account_usage AS
SELECT a.id         AS account_id,
       a.name       AS account_name,
       a.created_at AS account_created_at,
       (SELECT count(*) FROM public.users u WHERE u.account_id = a.id)         AS user_count,
       (SELECT count(*) FROM public.organisations o WHERE o.account_id = a.id) AS organisation_count,
       coalesce(ph.photo_count, 0)   AS photo_count,
       coalesce(ph.storage_bytes, 0) AS storage_bytes
FROM public.accounts a
LEFT JOIN (
    SELECT u.account_id, count(*) AS photo_count, sum(p.byte_size) AS storage_bytes
    FROM public.photos p
    JOIN public.users u ON u.id = p.user_id
    WHERE p.deleted_at IS NULL
    GROUP BY u.account_id
) ph ON ph.account_id = a.id;
