-- Multi-photo support, step 3 of 3: captions now live in posts.body (copied
-- by the previous migration), and the app no longer reads photos.caption.
ALTER TABLE photos DROP COLUMN caption;
