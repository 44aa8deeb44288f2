-- Losing this on a crash is fine: buckets just refill. UNLOGGED skips the WAL.
CREATE UNLOGGED TABLE rate_limit_buckets (
    bucket_key   text           PRIMARY KEY,
    tokens       numeric(10,3)  NOT NULL,
    refilled_at  timestamptz    NOT NULL DEFAULT clock_timestamp()
);

-- Token bucket: returns true if the caller may proceed.
CREATE FUNCTION rate_limit_take(p_key text, p_capacity numeric, p_refill_per_second numeric)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    v_tokens numeric;
BEGIN
    INSERT INTO rate_limit_buckets AS b (bucket_key, tokens, refilled_at)
    VALUES (p_key, p_capacity - 1, clock_timestamp())
    ON CONFLICT (bucket_key) DO UPDATE
        SET tokens = least(p_capacity,
                           b.tokens + extract(epoch FROM clock_timestamp() - b.refilled_at) * p_refill_per_second) - 1,
            refilled_at = clock_timestamp()
    RETURNING b.tokens INTO v_tokens;

    IF v_tokens < 0 THEN
        -- over the limit; hand the token back so the bucket can't go ever more negative
        UPDATE rate_limit_buckets SET tokens = tokens + 1 WHERE bucket_key = p_key;
        RETURN false;
    END IF;
    RETURN true;
END;
$$;
