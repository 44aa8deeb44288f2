-- Direct and group messages. A larger migration: three tables, indexes, two triggers,
-- a view and the feature flag that gates the UI.

CREATE TABLE conversations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  kind ENUM('direct', 'group') NOT NULL DEFAULT 'direct',
  title VARCHAR(120) NULL,
  created_by BIGINT UNSIGNED NULL,
  last_message_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_conversations_created_by (created_by),
  CONSTRAINT fk_conversations_created_by FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT chk_conversations_title CHECK (kind = 'group' OR title IS NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE conversation_participants (
  conversation_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  joined_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_read_message_id BIGINT UNSIGNED NULL,
  muted_until DATETIME NULL,
  PRIMARY KEY (conversation_id, user_id),
  KEY idx_conversation_participants_user (user_id),
  CONSTRAINT fk_conversation_participants_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT fk_conversation_participants_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  conversation_id BIGINT UNSIGNED NOT NULL,
  sender_id BIGINT UNSIGNED NULL,
  reply_to_id BIGINT UNSIGNED NULL,
  body TEXT NOT NULL,
  attachments JSON NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  edited_at DATETIME(3) NULL,
  deleted_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  KEY idx_messages_conversation_created (conversation_id, created_at),
  KEY idx_messages_sender (sender_id),
  KEY idx_messages_reply_to (reply_to_id),
  CONSTRAINT fk_messages_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  CONSTRAINT fk_messages_sender FOREIGN KEY (sender_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT fk_messages_reply_to FOREIGN KEY (reply_to_id) REFERENCES messages (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_conversations_last_message ON conversations (last_message_at);
CREATE INDEX idx_conversation_participants_muted ON conversation_participants (user_id, muted_until);

DELIMITER $$

CREATE TRIGGER messages_bi_participant BEFORE INSERT ON messages
FOR EACH ROW
BEGIN
  IF NEW.sender_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM conversation_participants cp
        WHERE cp.conversation_id = NEW.conversation_id AND cp.user_id = NEW.sender_id) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'sender is not a participant of this conversation';
  END IF;
END$$

CREATE TRIGGER messages_ai_touch AFTER INSERT ON messages
FOR EACH ROW
BEGIN
  UPDATE conversations SET last_message_at = NEW.created_at WHERE id = NEW.conversation_id;
  -- the sender has obviously read their own message
  UPDATE conversation_participants SET last_read_message_id = NEW.id
   WHERE conversation_id = NEW.conversation_id AND user_id = NEW.sender_id;
END$$

DELIMITER ;

CREATE VIEW conversation_unread_counts AS
SELECT cp.conversation_id,
       cp.user_id,
       COUNT(m.id) AS unread_count
FROM conversation_participants cp
LEFT JOIN messages m
       ON m.conversation_id = cp.conversation_id
      AND m.id > IFNULL(cp.last_read_message_id, 0)
      AND m.deleted_at IS NULL
      AND NOT (m.sender_id <=> cp.user_id)
GROUP BY cp.conversation_id, cp.user_id;

INSERT INTO feature_flags (id, `key`, description, is_enabled, rollout_percent)
VALUES (5, 'direct_messages', 'DMs and group chats; mobile only at first', FALSE, 0);
