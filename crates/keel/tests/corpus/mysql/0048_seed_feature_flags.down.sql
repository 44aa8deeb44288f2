DELETE FROM feature_flags WHERE id IN (1, 2, 3, 4);
