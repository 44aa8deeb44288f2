CREATE TYPE storage_usage AS (
    photo_count    bigint,
    total_bytes    bigint,
    largest_bytes  bigint
);

CREATE FUNCTION account_storage_usage(p_account_id bigint) RETURNS storage_usage
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    result storage_usage;
BEGIN
    SELECT count(*), coalesce(sum(ph.byte_size), 0), coalesce(max(ph.byte_size), 0)
    INTO result
    FROM photos ph
    JOIN users u ON u.id = ph.user_id
    WHERE u.account_id = p_account_id
      AND ph.deleted_at IS NULL;

    RETURN result;
END;
$$;
