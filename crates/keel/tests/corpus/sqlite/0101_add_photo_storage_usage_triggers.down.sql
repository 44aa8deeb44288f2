DROP TRIGGER photos_usage_delete;
DROP TRIGGER photos_usage_insert;
