-- The old ENUM has no 'invoice' / 'security'; fold them into 'system' before narrowing.
UPDATE notifications SET kind = 'system' WHERE kind IN ('invoice', 'security');

ALTER TABLE notifications
  MODIFY COLUMN kind ENUM('like', 'comment', 'follow', 'mention', 'system') NOT NULL;
