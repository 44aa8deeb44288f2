ALTER TABLE plans DROP COLUMN trial_days;
