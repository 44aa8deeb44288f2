DROP TABLE user_onboarding_progress;
DROP TABLE onboarding_steps;
