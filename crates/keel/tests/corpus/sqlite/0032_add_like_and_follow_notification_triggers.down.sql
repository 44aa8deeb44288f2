DROP TRIGGER follows_notify;
DROP TRIGGER likes_notify;
