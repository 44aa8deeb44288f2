DROP PROCEDURE reindex_post_search;
