ALTER TABLE comments RENAME COLUMN updated_at TO edited_at;
