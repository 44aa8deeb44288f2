DROP INDEX likes_post_id_idx;
DROP TABLE likes;
