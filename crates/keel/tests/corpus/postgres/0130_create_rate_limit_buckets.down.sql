DROP FUNCTION rate_limit_take(text, numeric, numeric);
DROP TABLE rate_limit_buckets;
