INSERT INTO feature_flags (id, `key`, description, is_enabled, rollout_percent, rules) VALUES
  (1, 'multi_photo_posts', 'Posts with up to 20 photos; replaces single-photo captions', TRUE, 100, NULL),
  (2, 'ranked_feed', 'Ranked home feed; it''s still experimental', FALSE, 10, JSON_OBJECT('exclude_plans', JSON_ARRAY('free'))),
  (3, 'comment_threads', 'Nested replies (max depth 6)', TRUE, 50, NULL),
  (4, 'webhooks_v2', 'Signed payloads; retries with back-off', FALSE, 0, '{"allow_accounts": []}');
