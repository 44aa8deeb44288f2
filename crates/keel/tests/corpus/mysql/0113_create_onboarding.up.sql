CREATE TABLE onboarding_steps (
  code VARCHAR(32) NOT NULL,
  title VARCHAR(120) NOT NULL,
  position TINYINT UNSIGNED NOT NULL,
  is_required BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (code),
  UNIQUE KEY uq_onboarding_steps_position (position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE user_onboarding_progress (
  user_id BIGINT UNSIGNED NOT NULL,
  step_code VARCHAR(32) NOT NULL,
  completed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, step_code),
  KEY idx_user_onboarding_progress_step (step_code),
  CONSTRAINT fk_user_onboarding_progress_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_onboarding_progress_step FOREIGN KEY (step_code) REFERENCES onboarding_steps (code) ON UPDATE CASCADE ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO onboarding_steps (code, title, position, is_required) VALUES
  ('verify_email', 'Verify your e-mail address', 1, TRUE),
  ('upload_avatar', 'Add a profile photo', 2, FALSE),
  ('first_post', 'Share your first post', 3, FALSE),
  ('follow_people', 'Follow 3 people; or invite your team', 4, FALSE),
  ('connect_instagram', 'Import from Instagram', 5, FALSE);
