-- Build the index first (could be done CONCURRENTLY on a big table), then
-- promote it to a constraint so composite FKs can reference (account_id, id).
CREATE UNIQUE INDEX tags_account_id_id_key ON tags (account_id, id);
ALTER TABLE tags ADD CONSTRAINT tags_account_id_id_key UNIQUE USING INDEX tags_account_id_id_key;
