CREATE VIEW user_stats AS
SELECT u.id AS user_id,
       (SELECT COUNT(*) FROM posts p WHERE p.author_id = u.id AND p.deleted_at IS NULL) AS post_count,
       (SELECT COUNT(*) FROM user_follows f WHERE f.followee_id = u.id) AS follower_count,
       (SELECT COUNT(*) FROM user_follows f WHERE f.follower_id = u.id) AS following_count,
       (SELECT COUNT(*) FROM photos ph WHERE ph.owner_id = u.id AND ph.deleted_at IS NULL) AS photo_count
FROM users u
WHERE u.deleted_at IS NULL;
