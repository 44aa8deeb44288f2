CREATE INDEX users_display_name_lower_idx ON users (lower(display_name)) WHERE display_name IS NOT NULL;
CREATE INDEX albums_title_lower_idx ON albums (organisation_id, lower(title));
