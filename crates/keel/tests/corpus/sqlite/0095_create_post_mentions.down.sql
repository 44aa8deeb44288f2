DROP TRIGGER post_mentions_notify;
DROP TABLE post_mentions;
