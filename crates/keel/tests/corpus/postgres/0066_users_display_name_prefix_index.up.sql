-- @-mention autocomplete: lower(display_name) LIKE 'ann%'.
-- text_pattern_ops makes LIKE-prefix usable regardless of the collation.
CREATE INDEX users_display_name_prefix_idx ON users (lower(display_name) text_pattern_ops);
