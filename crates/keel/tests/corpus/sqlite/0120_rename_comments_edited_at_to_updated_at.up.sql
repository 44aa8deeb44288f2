-- The CHECK (edited_at >= created_at) from 0072 is rewritten by SQLite along with the column.
ALTER TABLE comments RENAME COLUMN edited_at TO updated_at;
