INSERT INTO onboarding_steps (code, title, position, is_required)
VALUES ('connect_instagram', 'Import from Instagram', 5, FALSE);

INSERT INTO user_onboarding_progress (user_id, step_code, completed_at)
SELECT user_id, step_code, completed_at
FROM retired_onboarding_progress;

DROP TABLE retired_onboarding_progress;
