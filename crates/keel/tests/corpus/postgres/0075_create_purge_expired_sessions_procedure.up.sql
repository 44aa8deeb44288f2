CREATE PROCEDURE purge_expired_sessions(p_grace interval DEFAULT interval '7 days')
LANGUAGE plpgsql
AS $proc$
DECLARE
    v_deleted bigint;
BEGIN
    IF p_grace < interval '0' THEN
        RAISE EXCEPTION 'grace period must not be negative (got %)', p_grace;
    END IF;

    DELETE FROM sessions WHERE expires_at < now() - p_grace;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;

    RAISE NOTICE 'purge_expired_sessions: removed % session(s)', v_deleted;
END;
$proc$;
