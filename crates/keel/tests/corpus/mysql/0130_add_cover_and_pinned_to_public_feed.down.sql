CREATE OR REPLACE VIEW public_feed AS
SELECT f.post_id,
       f.author_id,
       f.author_name,
       f.body,
       f.published_at,
       f.like_count,
       f.comment_count,
       f.photo_count
FROM post_feed f
WHERE f.visibility = 'public';
