-- Photos become multi-photo posts: create the new home first, copy the captions, and
-- only then (in a later migration) drop the old column — never the other way round.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    caption TEXT
);
ALTER TABLE photos ADD COLUMN post_id INTEGER REFERENCES posts (id);
INSERT INTO posts (id, user_id, caption) SELECT id, user_id, caption FROM photos;
UPDATE photos SET post_id = id;
