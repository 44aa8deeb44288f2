DROP TRIGGER feature_flags_touch;
