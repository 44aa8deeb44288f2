-- Full-text search over post bodies. to_tsvector(regconfig, text) is immutable,
-- so it can feed a stored generated column.
ALTER TABLE posts
    ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(body, ''))) STORED;

CREATE INDEX posts_search_vector_idx ON posts USING gin (search_vector);
