DROP TRIGGER users_touch_updated_at;
