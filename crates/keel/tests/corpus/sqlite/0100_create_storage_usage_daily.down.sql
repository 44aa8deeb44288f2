DROP TABLE storage_usage_daily;
