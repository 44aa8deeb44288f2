DROP TRIGGER accounts_status_change;
