DROP TRIGGER notifications_announce ON notifications;
DROP FUNCTION notifications_announce();
