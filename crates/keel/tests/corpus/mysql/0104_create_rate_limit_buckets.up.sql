-- Token buckets, keyed like 'api_key:42' or 'ip:203.0.113.7;login'.
CREATE TABLE rate_limit_buckets (
  bucket VARCHAR(191) NOT NULL,
  tokens DECIMAL(10,3) NOT NULL,
  capacity INT UNSIGNED NOT NULL,
  refill_per_second DECIMAL(8,3) NOT NULL,
  refilled_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (bucket),
  CONSTRAINT chk_rate_limit_buckets_tokens CHECK (tokens >= 0 AND tokens <= capacity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
