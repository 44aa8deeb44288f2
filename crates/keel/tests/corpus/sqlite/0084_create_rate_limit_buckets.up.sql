-- Token buckets keyed by e.g. 'login:ip:10.0.0.1' or 'api:key:kl_ab12c'.
CREATE TABLE rate_limit_buckets (
    bucket_key   TEXT PRIMARY KEY,
    tokens       REAL NOT NULL CHECK (tokens >= 0),
    capacity     REAL NOT NULL CHECK (capacity > 0),
    refill_rate  REAL NOT NULL DEFAULT 1.0,
    refilled_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (tokens <= capacity)
) WITHOUT ROWID;
