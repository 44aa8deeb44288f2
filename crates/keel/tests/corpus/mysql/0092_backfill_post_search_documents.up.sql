-- Initial fill, before the sync triggers exist (next migration): the table holds no post rows yet.
CALL reindex_post_search(1000);
