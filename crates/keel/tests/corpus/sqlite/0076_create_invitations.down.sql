DROP INDEX invitations_pending_email_key;
DROP TABLE invitations;
