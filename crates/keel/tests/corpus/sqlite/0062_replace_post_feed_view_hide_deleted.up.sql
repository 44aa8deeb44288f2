-- SQLite has no CREATE OR REPLACE VIEW: drop the dependent view, then the view, then re-create both.
DROP VIEW public_post_feed;
DROP VIEW post_feed;

CREATE VIEW post_feed AS
SELECT p.id              AS post_id,
       p.author_id,
       u.display_name    AS author_name,
       p.organisation_id,
       p.caption,
       p.visibility,
       p.like_count,
       p.comment_count,
       (SELECT pp.photo_id
          FROM post_photos AS pp
         WHERE pp.post_id = p.id
         ORDER BY pp.position
         LIMIT 1)        AS cover_photo_id,
       (SELECT count(*)
          FROM post_photos AS pp
         WHERE pp.post_id = p.id) AS photo_count,
       p.created_at,
       p.updated_at
  FROM posts AS p
  JOIN users AS u ON u.id = p.author_id
 WHERE p.deleted_at IS NULL;

CREATE VIEW public_post_feed AS
SELECT post_id, author_id, author_name, caption, like_count, comment_count,
       cover_photo_id, photo_count, created_at
  FROM post_feed
 WHERE visibility = 'public';
