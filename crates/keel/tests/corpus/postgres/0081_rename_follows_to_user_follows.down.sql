ALTER INDEX user_follows_followee_id_idx RENAME TO follows_followee_id_idx;
ALTER INDEX user_follows_pkey RENAME TO follows_pkey;

ALTER TABLE user_follows RENAME TO follows;
