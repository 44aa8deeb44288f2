CREATE TRIGGER likes_notify
AFTER INSERT ON likes
FOR EACH ROW
BEGIN
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT p.author_id, NEW.user_id, 'like', 'post', p.id,
           json_object('like_count', l.n,
                       'milestone', CASE
                                        WHEN l.n IN (10, 100, 1000, 10000) THEN 1
                                        ELSE 0
                                    END)
      FROM posts AS p
      -- count the likes directly: the counter-cache trigger may not have run yet
      CROSS JOIN (SELECT count(*) AS n FROM likes WHERE post_id = NEW.post_id) AS l
     WHERE p.id = NEW.post_id
       AND p.author_id <> NEW.user_id;
END;

CREATE TRIGGER follows_notify
AFTER INSERT ON follows
FOR EACH ROW
BEGIN
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id)
    VALUES (NEW.followee_id, NEW.follower_id, 'follow', 'user', NEW.follower_id);
END;
