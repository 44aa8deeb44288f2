-- E-mail addresses are unique regardless of case: Ada@x.io and ada@x.io are the same person.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
