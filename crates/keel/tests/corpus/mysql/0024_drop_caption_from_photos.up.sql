-- Caption move, step 3 of 3: captions now live in posts.body.
ALTER TABLE photos DROP COLUMN caption;
