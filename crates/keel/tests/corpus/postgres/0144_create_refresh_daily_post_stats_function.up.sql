-- CONCURRENTLY keeps the dashboard readable during the refresh; it relies on
-- daily_post_stats_day_org_key.
CREATE FUNCTION refresh_daily_post_stats() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY daily_post_stats;
END;
$$;

SELECT refresh_daily_post_stats();
