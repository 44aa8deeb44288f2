CREATE TABLE api_key_daily_usage (
  api_key_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  request_count INT UNSIGNED NOT NULL DEFAULT 0,
  error_count INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (api_key_id, day),
  CONSTRAINT fk_api_key_daily_usage_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE,
  CONSTRAINT chk_api_key_daily_usage_errors CHECK (error_count <= request_count)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
