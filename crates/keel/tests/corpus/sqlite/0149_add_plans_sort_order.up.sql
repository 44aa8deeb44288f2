ALTER TABLE plans ADD COLUMN sort_order INTEGER NOT NULL DEFAULT 100;

UPDATE plans
   SET sort_order = CASE code
                        WHEN 'free'         THEN 10
                        WHEN 'pro-monthly'  THEN 20
                        WHEN 'pro-yearly'   THEN 21
                        WHEN 'team-monthly' THEN 30
                        WHEN 'enterprise'   THEN 90
                    END
 WHERE code IN ('free', 'pro-monthly', 'pro-yearly', 'team-monthly', 'enterprise');
