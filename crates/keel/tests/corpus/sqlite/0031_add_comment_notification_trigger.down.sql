DROP TRIGGER comments_notify;
