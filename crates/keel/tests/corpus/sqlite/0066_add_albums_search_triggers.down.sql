DELETE FROM search_documents WHERE doc_type = 'album';

DROP TRIGGER albums_search_delete;
DROP TRIGGER albums_search_update;
DROP TRIGGER albums_search_insert;
