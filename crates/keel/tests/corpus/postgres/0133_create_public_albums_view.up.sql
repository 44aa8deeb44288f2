-- Used by the public gallery role. security_barrier keeps user-supplied
-- predicates from being evaluated before the visibility filter; CHECK OPTION
-- stops writes through the view from making an album non-public.
CREATE VIEW public_albums WITH (security_barrier = true) AS
SELECT a.id,
       a.owner_id,
       a.title,
       a.description,
       a.cover_photo_id,
       a.accent_color,
       a.visibility,
       a.created_at
FROM albums a
WHERE a.visibility = 'public'
WITH CASCADED CHECK OPTION;
