-- Poor man's search: one normalised text row per searchable thing, kept fresh by triggers.
CREATE TABLE search_documents (
    doc_type     TEXT    NOT NULL CHECK (doc_type IN ('post', 'album', 'user')),
    doc_id       INTEGER NOT NULL,
    account_id   INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    body         TEXT    NOT NULL,
    body_folded  TEXT    GENERATED ALWAYS AS (lower(trim(body))) VIRTUAL,
    updated_at   TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (doc_type, doc_id)
);

CREATE INDEX search_documents_folded_idx ON search_documents (account_id, body_folded);

CREATE TRIGGER posts_search_insert
AFTER INSERT ON posts
FOR EACH ROW
WHEN NEW.caption IS NOT NULL
BEGIN
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    VALUES ('post', NEW.id, (SELECT account_id FROM users WHERE id = NEW.author_id), NEW.caption);
END;

CREATE TRIGGER posts_search_update
AFTER UPDATE OF caption ON posts
FOR EACH ROW
BEGIN
    DELETE FROM search_documents
     WHERE doc_type = 'post' AND doc_id = OLD.id AND NEW.caption IS NULL;
    INSERT INTO search_documents (doc_type, doc_id, account_id, body)
    SELECT 'post', NEW.id, u.account_id, NEW.caption
      FROM users AS u
     WHERE u.id = NEW.author_id AND NEW.caption IS NOT NULL
    ON CONFLICT (doc_type, doc_id) DO UPDATE
       SET body = excluded.body,
           updated_at = CURRENT_TIMESTAMP;
END;

CREATE TRIGGER posts_search_delete
AFTER DELETE ON posts
FOR EACH ROW
BEGIN
    DELETE FROM search_documents WHERE doc_type = 'post' AND doc_id = OLD.id;
END;

INSERT INTO search_documents (doc_type, doc_id, account_id, body)
SELECT 'post', p.id, u.account_id, p.caption
  FROM posts AS p
  JOIN users AS u ON u.id = p.author_id
 WHERE p.caption IS NOT NULL;
