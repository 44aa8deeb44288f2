RENAME TABLE user_follows TO follows;
