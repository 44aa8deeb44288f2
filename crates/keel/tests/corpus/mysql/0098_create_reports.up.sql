-- User reports for moderation (spam, harassment, ...).
CREATE TABLE reports (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  reporter_id BIGINT UNSIGNED NULL,
  subject_type ENUM('post', 'comment', 'photo', 'user') NOT NULL,
  subject_id BIGINT UNSIGNED NOT NULL,
  reason ENUM('spam', 'harassment', 'nudity', 'copyright', 'other') NOT NULL,
  details TEXT NULL,
  status ENUM('open', 'actioned', 'dismissed') NOT NULL DEFAULT 'open',
  resolved_by BIGINT UNSIGNED NULL,
  resolved_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  KEY idx_reports_subject (subject_type, subject_id),
  KEY idx_reports_status_created (status, created_at),
  KEY idx_reports_reporter (reporter_id),
  KEY idx_reports_resolved_by (resolved_by),
  CONSTRAINT fk_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT fk_reports_resolved_by FOREIGN KEY (resolved_by) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT chk_reports_resolution CHECK ((status = 'open') = (resolved_at IS NULL)),
  CONSTRAINT chk_reports_details CHECK (reason <> 'other' OR details IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
