ALTER TABLE notifications
  MODIFY COLUMN kind ENUM('like', 'comment', 'follow', 'mention', 'system', 'invoice', 'security') NOT NULL;
