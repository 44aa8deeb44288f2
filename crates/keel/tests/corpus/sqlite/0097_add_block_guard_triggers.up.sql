CREATE TRIGGER user_follows_block_guard
BEFORE INSERT ON user_follows
FOR EACH ROW
WHEN EXISTS (SELECT 1
               FROM user_blocks
              WHERE blocker_id = NEW.followee_id
                AND blocked_id = NEW.follower_id)
BEGIN
    SELECT RAISE(ABORT, 'cannot follow: you''ve been blocked by this user');
END;

-- Blocking someone removes the follow relationship in both directions.
CREATE TRIGGER user_blocks_remove_follows
AFTER INSERT ON user_blocks
FOR EACH ROW
BEGIN
    DELETE FROM user_follows WHERE follower_id = NEW.blocked_id AND followee_id = NEW.blocker_id;
    DELETE FROM user_follows WHERE follower_id = NEW.blocker_id AND followee_id = NEW.blocked_id;
END;
