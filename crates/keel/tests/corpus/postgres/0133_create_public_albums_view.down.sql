DROP VIEW public_albums;
