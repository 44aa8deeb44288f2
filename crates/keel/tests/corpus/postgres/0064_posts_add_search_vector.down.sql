DROP INDEX posts_search_vector_idx;
ALTER TABLE posts DROP COLUMN search_vector;
