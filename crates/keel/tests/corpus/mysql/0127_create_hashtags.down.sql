DROP TABLE post_hashtags;
DROP TABLE hashtags;
