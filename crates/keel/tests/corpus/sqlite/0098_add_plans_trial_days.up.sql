ALTER TABLE plans ADD COLUMN trial_days INTEGER NOT NULL DEFAULT 0 CHECK (trial_days BETWEEN 0 AND 90);

UPDATE plans
   SET trial_days = CASE code
                        WHEN 'pro-monthly'  THEN 14
                        WHEN 'pro-yearly'   THEN 14
                        WHEN 'team-monthly' THEN 30
                        ELSE 0
                    END;
