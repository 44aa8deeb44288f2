DROP FUNCTION refresh_daily_post_stats();
