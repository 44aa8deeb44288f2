-- Instagram import is gone (API shut down). Keep the affected progress rows in a side table
-- so that the down migration can put them back; it is dropped by the down migration.
CREATE TABLE retired_onboarding_progress LIKE user_onboarding_progress;

INSERT INTO retired_onboarding_progress (user_id, step_code, completed_at)
SELECT user_id, step_code, completed_at
FROM user_onboarding_progress
WHERE step_code = 'connect_instagram';

DELETE FROM user_onboarding_progress WHERE step_code = 'connect_instagram';
DELETE FROM onboarding_steps WHERE code = 'connect_instagram';
