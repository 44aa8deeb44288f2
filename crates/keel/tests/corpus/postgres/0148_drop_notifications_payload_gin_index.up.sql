-- Never used by any query (pg_stat_user_indexes.idx_scan = 0) and costly on
-- every insert.
DROP INDEX notifications_payload_gin_idx;
