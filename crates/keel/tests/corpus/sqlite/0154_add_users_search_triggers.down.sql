DELETE FROM search_documents WHERE doc_type = 'user';

DROP TRIGGER users_search_delete;
DROP TRIGGER users_search_update;
DROP TRIGGER users_search_insert;
