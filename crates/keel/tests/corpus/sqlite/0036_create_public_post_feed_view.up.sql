-- A view over a view: the anonymous landing page only sees public posts.

CREATE VIEW public_post_feed AS
SELECT post_id, author_id, author_name, caption, like_count, comment_count,
       cover_photo_id, photo_count, created_at
  FROM post_feed
 WHERE visibility = 'public';
