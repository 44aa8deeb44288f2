-- Daily storage deltas per account; STRICT and WITHOUT ROWID (small rows, composite key).
CREATE TABLE storage_usage_daily (
    account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day                TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    bytes_added        INTEGER NOT NULL DEFAULT 0,
    bytes_removed      INTEGER NOT NULL DEFAULT 0,
    photo_count_delta  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, day)
) STRICT, WITHOUT ROWID;

INSERT INTO storage_usage_daily (account_id, day, bytes_added, photo_count_delta)
SELECT u.account_id, date(p.created_at), sum(p.byte_size), count(*)
  FROM photos AS p
  JOIN users AS u ON u.id = p.owner_id
 GROUP BY u.account_id, date(p.created_at);
