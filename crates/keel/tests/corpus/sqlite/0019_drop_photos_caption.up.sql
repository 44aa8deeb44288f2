-- Step 3 of 3: captions live on posts now (copied in the previous migration).
ALTER TABLE photos DROP COLUMN caption;
