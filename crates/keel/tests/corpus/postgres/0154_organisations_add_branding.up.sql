ALTER TABLE organisations
    ADD COLUMN logo_storage_key  text,
    ADD COLUMN brand_color       hex_color DEFAULT '#3b82f6';
