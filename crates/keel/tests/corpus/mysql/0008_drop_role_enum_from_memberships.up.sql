-- Step 2 of 2: role_id was backfilled by the previous migration.
ALTER TABLE memberships DROP COLUMN role;
