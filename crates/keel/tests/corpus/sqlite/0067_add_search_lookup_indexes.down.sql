DROP INDEX albums_title_lower_idx;
DROP INDEX users_display_name_lower_idx;
