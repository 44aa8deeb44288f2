DROP VIEW public_feed;
