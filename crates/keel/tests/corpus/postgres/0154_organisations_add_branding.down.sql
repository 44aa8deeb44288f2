ALTER TABLE organisations
    DROP COLUMN brand_color,
    DROP COLUMN logo_storage_key;
