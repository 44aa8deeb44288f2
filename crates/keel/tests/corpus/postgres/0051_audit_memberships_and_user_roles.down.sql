DROP TRIGGER user_roles_audit ON user_roles;
DROP TRIGGER memberships_audit ON memberships;
