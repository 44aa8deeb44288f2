CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    caption TEXT
);
CREATE INDEX photos_user_id ON photos (user_id);
