DROP DOMAIN hex_color;
