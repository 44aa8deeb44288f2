DROP TRIGGER collection_posts_count_delete;
DROP TRIGGER collection_posts_count_insert;
DROP TABLE collection_posts;
DROP TABLE collections;
