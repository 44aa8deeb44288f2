-- A small transactional job queue (SELECT ... FOR UPDATE SKIP LOCKED on idx_jobs_pick).
CREATE TABLE jobs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  queue VARCHAR(64) NOT NULL DEFAULT 'default',
  job_class VARCHAR(128) NOT NULL,
  payload JSON NOT NULL,
  status ENUM('queued', 'running', 'succeeded', 'failed', 'dead') NOT NULL DEFAULT 'queued',
  priority SMALLINT NOT NULL DEFAULT 0,
  attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
  max_attempts TINYINT UNSIGNED NOT NULL DEFAULT 5,
  run_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  locked_by VARCHAR(128) NULL,
  locked_at DATETIME(3) NULL,
  last_error TEXT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_jobs_pick (queue, status, priority DESC, run_at),
  KEY idx_jobs_locked (locked_by, locked_at),
  CONSTRAINT chk_jobs_attempts CHECK (attempts <= max_attempts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
