DROP INDEX device_tokens_user_id_idx;
DROP TABLE device_tokens;
