-- Logins are case-insensitive, so uniqueness is enforced on the folded value.
-- A UNIQUE constraint can't be declared on an expression; a unique index can.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
