CREATE TRIGGER users_search_insert
AFTER INSERT ON users
FOR EACH ROW
WHEN NEW.display_name IS NOT NULL
BEGIN
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    VALUES ('user', NEW.id, NEW.account_id, NEW.display_name);
END;

CREATE TRIGGER users_search_update
AFTER UPDATE OF display_name, deleted_at ON users
FOR EACH ROW
BEGIN
    DELETE FROM search_documents WHERE doc_type = 'user' AND doc_id = NEW.id;
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    SELECT 'user', NEW.id, NEW.account_id, NEW.display_name
     WHERE NEW.display_name IS NOT NULL
       AND NEW.deleted_at IS NULL;
END;

CREATE TRIGGER users_search_delete
AFTER DELETE ON users
FOR EACH ROW
BEGIN
    DELETE FROM search_documents WHERE doc_type = 'user' AND doc_id = OLD.id;
END;

INSERT INTO search_documents (doc_type, doc_id, account_id, body)
SELECT 'user', id, account_id, display_name
  FROM users
 WHERE display_name IS NOT NULL
   AND deleted_at IS NULL;
