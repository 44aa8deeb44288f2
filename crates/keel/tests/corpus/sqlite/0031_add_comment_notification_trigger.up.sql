CREATE TRIGGER comments_notify
AFTER INSERT ON comments
FOR EACH ROW
BEGIN
    -- The post's author hears about every comment and reply; nobody is notified about their own.
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT p.author_id, NEW.author_id,
           CASE WHEN NEW.parent_id IS NULL THEN 'comment' ELSE 'reply' END,
           'comment', NEW.id,
           json_object('post_id', NEW.post_id, 'excerpt', substr(NEW.body, 1, 80))
      FROM posts AS p
     WHERE p.id = NEW.post_id
       AND p.author_id IS NOT NEW.author_id;
    -- The parent comment's author hears about replies (unless they wrote the post; see above).
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT c.author_id, NEW.author_id, 'reply', 'comment', NEW.id,
           json_object('post_id', NEW.post_id, 'parent_id', c.id, 'excerpt', substr(NEW.body, 1, 80))
      FROM comments AS c
      JOIN posts AS p ON p.id = NEW.post_id
     WHERE c.id = NEW.parent_id
       AND c.author_id IS NOT NULL
       AND c.author_id IS NOT NEW.author_id
       AND c.author_id IS NOT p.author_id;
END;
