DROP INDEX users_account_id_idx;
DROP TABLE users;
