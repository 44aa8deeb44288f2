DROP TABLE user_activity_daily;
