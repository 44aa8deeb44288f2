DROP TABLE feature_flag_overrides;
