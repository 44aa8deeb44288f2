DROP TABLE post_daily_stats;
