CREATE TABLE feature_flags (
    "key"            varchar(64)  PRIMARY KEY,
    description      text         NOT NULL DEFAULT '',
    enabled          boolean      NOT NULL DEFAULT false,
    rollout_percent  smallint     NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    created_at       timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent) VALUES
    ('multi_photo_posts', 'Compose posts with up to 10 photos', true, 100),
    ('new_feed_ranking',  'Rank the feed by engagement; falls back to chronological', false, 10),
    ('web_push',          'Browser push notifications (VAPID); see device_tokens', false, 0),
    ('raw_uploads',       'Accept RAW files (CR2; NEF; ARW) -- paid plans only', false, 0);

CREATE TRIGGER feature_flags_set_updated_at
    BEFORE UPDATE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
