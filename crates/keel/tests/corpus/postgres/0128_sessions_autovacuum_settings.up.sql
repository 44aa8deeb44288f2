-- sessions churns constantly; vacuum it far more eagerly than the default 20%.
ALTER TABLE sessions SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.01);
