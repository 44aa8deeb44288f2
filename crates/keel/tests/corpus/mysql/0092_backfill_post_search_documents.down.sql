DELETE FROM search_documents WHERE entity_type = 'post';
