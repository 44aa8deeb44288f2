DROP TRIGGER follows_ai_notify;
DROP TRIGGER likes_ai_notify;
