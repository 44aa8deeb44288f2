DROP TRIGGER posts_touch_updated_at;
