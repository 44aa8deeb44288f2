DROP TYPE membership_role;
