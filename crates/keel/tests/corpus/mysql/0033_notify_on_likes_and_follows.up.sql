DELIMITER $$

-- Runs after the counter trigger created by add_counters_to_posts.
CREATE TRIGGER likes_ai_notify AFTER INSERT ON likes
FOR EACH ROW FOLLOWS likes_ai_count
BEGIN
  DECLARE v_author BIGINT UNSIGNED;
  SELECT author_id INTO v_author FROM posts WHERE id = NEW.post_id;
  IF v_author IS NOT NULL AND v_author <> NEW.user_id THEN
    INSERT INTO notifications (user_id, actor_id, kind, subject_type, subject_id, payload)
    VALUES (v_author, NEW.user_id, 'like', 'post', NEW.post_id, JSON_OBJECT('post_id', NEW.post_id));
  END IF;
END$$

CREATE TRIGGER follows_ai_notify AFTER INSERT ON follows
FOR EACH ROW
BEGIN
  INSERT INTO notifications (user_id, actor_id, kind, subject_type, subject_id)
  VALUES (NEW.followee_id, NEW.follower_id, 'follow', 'user', NEW.follower_id);
END$$

DELIMITER ;
