DROP TRIGGER taggings_ad_usage;
DROP TRIGGER taggings_ai_usage;

ALTER TABLE tags DROP COLUMN usage_count;
