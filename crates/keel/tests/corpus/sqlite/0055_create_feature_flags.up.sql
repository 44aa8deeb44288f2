CREATE TABLE feature_flags (
    id               INTEGER PRIMARY KEY,
    "key"            TEXT    NOT NULL UNIQUE CHECK ("key" NOT GLOB '*[^a-z0-9_]*'),
    description      TEXT    NOT NULL DEFAULT '',
    enabled          INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    rollout_percent  INTEGER NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    created_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
) STRICT;

-- One INSERT per flag so that a failing row is easy to spot in the error message.
INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('multi_photo_posts', 'Up to 20 photos per post; replaces single-photo uploads', 1, 100);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('comment_threads', 'Nested replies (one level); flat list when off', 1, 100);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('heic_uploads', 'Accept HEIC; convert to JPEG on ingest', 1, 50);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('search_beta', 'Search captions, albums and people', 0, 10);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('webhooks_v2', 'Signed payloads; HMAC-SHA256 in X-Keel-Signature', 0, 0);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('api_keys', 'Self-serve API keys in organisation settings', 1, 100);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('dark_mode', 'It''s dark; finally', 1, 100);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('new_billing_portal', 'Invoices & payment methods in-app', 0, 0);

INSERT INTO feature_flags ("key", description, enabled, rollout_percent)
VALUES ('ai_captions', '/* not a comment */ suggested captions -- experimental', 0, 0);
