DROP FUNCTION flag_enabled_for;
