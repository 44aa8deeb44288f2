DROP INDEX taggings_target_idx;
DROP TABLE taggings;
