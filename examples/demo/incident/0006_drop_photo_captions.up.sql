-- The second incident: the captions now live in posts... except this drops them from photos
-- before anything copied the ones added since 0004. keel's data guard catches it.
ALTER TABLE photos DROP COLUMN caption;
