CREATE DOMAIN hex_color AS varchar(7)
    CONSTRAINT hex_color_format CHECK (VALUE ~ '^#[0-9a-f]{6}$');

COMMENT ON DOMAIN hex_color IS 'Lower-case CSS hex colour, e.g. #1a2b3c';
