-- Fails loudly (strict mode) rather than truncating if longer names were stored meanwhile.
ALTER TABLE users MODIFY COLUMN display_name VARCHAR(100) NULL;
