DROP TRIGGER memberships_plan_limit ON memberships;
DROP FUNCTION memberships_enforce_plan_limit();
