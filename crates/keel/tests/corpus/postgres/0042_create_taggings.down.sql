DROP TABLE taggings;
