DROP INDEX api_keys_active_idx;
