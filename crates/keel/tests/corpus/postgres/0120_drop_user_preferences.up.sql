-- Step 2: the application reads and writes users.settings only.
DROP TABLE user_preferences;
