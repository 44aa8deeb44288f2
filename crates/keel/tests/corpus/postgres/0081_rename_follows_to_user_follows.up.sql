ALTER TABLE follows RENAME TO user_follows;

-- Keep index (and so constraint) names in line with the table name.
ALTER INDEX follows_pkey RENAME TO user_follows_pkey;
ALTER INDEX follows_followee_id_idx RENAME TO user_follows_followee_id_idx;
