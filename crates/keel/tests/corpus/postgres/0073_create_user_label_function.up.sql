-- How a user is shown when they have no display name: the e-mail local part.
CREATE FUNCTION user_label(u users) RETURNS text
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(nullif(btrim(u.display_name), ''), split_part(u.email, '@', 1));
$$;
