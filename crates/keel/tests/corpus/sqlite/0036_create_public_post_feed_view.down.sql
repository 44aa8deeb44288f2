DROP VIEW public_post_feed;
