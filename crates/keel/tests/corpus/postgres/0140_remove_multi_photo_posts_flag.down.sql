-- Restores the row as it was when removed (fully rolled out); a no-op if the
-- up kept it. Timestamps restart at now().
INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('multi_photo_posts', 'Compose posts with up to 10 photos', true, 100)
ON CONFLICT ("key") DO NOTHING;
