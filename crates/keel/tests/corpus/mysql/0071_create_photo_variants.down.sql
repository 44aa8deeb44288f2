DROP TABLE photo_variants;
