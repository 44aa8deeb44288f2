DROP MATERIALIZED VIEW daily_post_stats;
