-- Workers call SELECT * FROM claim_next_job('default', 'worker-7');
-- SKIP LOCKED lets many workers poll the same queue without blocking.
CREATE FUNCTION claim_next_job(p_queue text, p_worker text)
RETURNS SETOF background_jobs
LANGUAGE plpgsql
AS $claim$
BEGIN
    RETURN QUERY
    UPDATE background_jobs j
    SET locked_at = clock_timestamp(),
        locked_by = p_worker,
        attempts  = j.attempts + 1
    WHERE j.id = (
        SELECT b.id
        FROM background_jobs b
        WHERE b.queue = p_queue
          AND b.locked_at IS NULL
          AND b.finished_at IS NULL
          AND b.run_at <= now()
        ORDER BY b.priority DESC, b.run_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    )
    RETURNING j.*;
END;
$claim$;
