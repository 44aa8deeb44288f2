DROP PROCEDURE purge_expired_sessions(interval);
