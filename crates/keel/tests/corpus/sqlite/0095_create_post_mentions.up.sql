CREATE TABLE post_mentions (
    post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, user_id)
);

CREATE INDEX post_mentions_user_id_idx ON post_mentions (user_id);

CREATE TRIGGER post_mentions_notify
AFTER INSERT ON post_mentions
FOR EACH ROW
BEGIN
    INSERT INTO notifications (recipient_id, actor_id, kind, subject_type, subject_id, payload)
    SELECT NEW.user_id, p.author_id, 'mention', 'post', p.id,
           json_object('excerpt', substr(coalesce(p.caption, ''), 1, 80))
      FROM posts AS p
     WHERE p.id = NEW.post_id
       AND p.author_id <> NEW.user_id;
END;
