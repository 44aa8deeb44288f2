DROP INDEX user_identities_user_id_idx;
DROP TABLE user_identities;
