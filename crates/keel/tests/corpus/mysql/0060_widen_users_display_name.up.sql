-- 100 characters was too short for some legal names.
ALTER TABLE users MODIFY COLUMN display_name VARCHAR(200) NULL;
