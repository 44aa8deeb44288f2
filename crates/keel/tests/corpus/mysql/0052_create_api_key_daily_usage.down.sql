DROP TABLE api_key_daily_usage;
