DROP TRIGGER likes_after_delete;
DROP TRIGGER likes_after_insert;
