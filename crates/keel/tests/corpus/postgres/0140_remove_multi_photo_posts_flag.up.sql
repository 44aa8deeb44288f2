-- Multi-photo posts have been at 100% for months; the flag checks are gone
-- from the code. A flag that still has per-account overrides is kept (the
-- overrides would cascade away); ops removes those by hand first.
DELETE FROM feature_flags f
WHERE f."key" = 'multi_photo_posts'
  AND NOT EXISTS (SELECT 1 FROM feature_flag_overrides o WHERE o.flag_key = f."key");
