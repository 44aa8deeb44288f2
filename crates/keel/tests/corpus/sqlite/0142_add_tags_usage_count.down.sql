DROP TRIGGER taggings_count_delete;
DROP TRIGGER taggings_count_insert;
ALTER TABLE tags DROP COLUMN usage_count;
