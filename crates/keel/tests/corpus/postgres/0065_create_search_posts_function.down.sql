DROP FUNCTION search_posts(text, integer);
