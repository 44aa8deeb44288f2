CREATE TRIGGER albums_search_insert
AFTER INSERT ON albums
FOR EACH ROW
BEGIN
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    SELECT 'album', NEW.id, o.account_id, NEW.title || coalesce(' ' || NEW.description, '')
      FROM organisations AS o
     WHERE o.id = NEW.organisation_id;
END;

CREATE TRIGGER albums_search_update
AFTER UPDATE OF title, description ON albums
FOR EACH ROW
BEGIN
    UPDATE search_documents
       SET body = NEW.title || coalesce(' ' || NEW.description, ''),
           updated_at = CURRENT_TIMESTAMP
     WHERE doc_type = 'album' AND doc_id = NEW.id;
END;

CREATE TRIGGER albums_search_delete
AFTER DELETE ON albums
FOR EACH ROW
BEGIN
    DELETE FROM search_documents WHERE doc_type = 'album' AND doc_id = OLD.id;
END;

-- Backfill.  "WHERE true" keeps the parser from reading ON CONFLICT as a join constraint.
INSERT INTO search_documents (doc_type, doc_id, account_id, body)
SELECT 'album', a.id, o.account_id, a.title || coalesce(' ' || a.description, '')
  FROM albums AS a
  JOIN organisations AS o ON o.id = a.organisation_id
 WHERE true
ON CONFLICT (doc_type, doc_id) DO NOTHING;
