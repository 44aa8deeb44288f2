DROP VIEW post_feed;
