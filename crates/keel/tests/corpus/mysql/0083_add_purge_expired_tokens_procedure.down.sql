DROP PROCEDURE purge_expired_tokens;
