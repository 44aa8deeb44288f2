DROP TABLE post_photos;
DROP TABLE posts;
