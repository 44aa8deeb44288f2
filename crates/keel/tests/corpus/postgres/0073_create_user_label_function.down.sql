DROP FUNCTION user_label(users);
