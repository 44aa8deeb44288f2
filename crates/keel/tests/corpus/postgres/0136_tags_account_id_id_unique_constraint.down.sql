-- Dropping the constraint drops its index too.
ALTER TABLE tags DROP CONSTRAINT tags_account_id_id_key;
