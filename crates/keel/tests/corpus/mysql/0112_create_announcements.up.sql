CREATE TABLE announcements (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  title VARCHAR(200) NOT NULL,
  body_markdown MEDIUMTEXT NOT NULL,
  audience ENUM('everyone', 'admins', 'paid') NOT NULL DEFAULT 'everyone',
  published_at DATETIME NULL,
  expires_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  KEY idx_announcements_published (published_at),
  CONSTRAINT chk_announcements_window CHECK (expires_at IS NULL OR published_at IS NULL OR expires_at > published_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE announcement_dismissals (
  announcement_id INT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  dismissed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (announcement_id, user_id),
  KEY idx_announcement_dismissals_user (user_id),
  CONSTRAINT fk_announcement_dismissals_announcement FOREIGN KEY (announcement_id) REFERENCES announcements (id) ON DELETE CASCADE,
  CONSTRAINT fk_announcement_dismissals_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO announcements (id, title, body_markdown, audience, published_at) VALUES
  (1, 'Posts are here', 'Share up to 20 photos in one post; your captions were moved over. It''s all in the **New post** button; nothing to do on your side.', 'everyone', '2024-03-01 09:00:00');
