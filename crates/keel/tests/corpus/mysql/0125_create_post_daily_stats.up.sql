CREATE TABLE post_daily_stats (
  post_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  views INT UNSIGNED NOT NULL DEFAULT 0,
  unique_viewers INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, day),
  CONSTRAINT fk_post_daily_stats_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT chk_post_daily_stats_viewers CHECK (unique_viewers <= views)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
