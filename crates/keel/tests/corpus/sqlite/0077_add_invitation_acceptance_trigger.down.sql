DROP TRIGGER invitations_accept;
