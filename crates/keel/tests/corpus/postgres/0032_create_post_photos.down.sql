DROP TABLE post_photos;
