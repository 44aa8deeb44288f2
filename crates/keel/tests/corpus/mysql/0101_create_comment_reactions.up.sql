CREATE TABLE comment_reactions (
  comment_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  emoji VARCHAR(32) NOT NULL COMMENT 'shortcode, e.g. :heart:',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (comment_id, user_id, emoji),
  KEY idx_comment_reactions_user (user_id),
  CONSTRAINT fk_comment_reactions_comment FOREIGN KEY (comment_id) REFERENCES comments (id) ON DELETE CASCADE,
  CONSTRAINT fk_comment_reactions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT chk_comment_reactions_emoji CHECK (emoji REGEXP '^:[a-z0-9_+-]+:$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
