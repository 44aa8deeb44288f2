DROP TRIGGER comments_after_delete;
DROP TRIGGER comments_after_insert;
