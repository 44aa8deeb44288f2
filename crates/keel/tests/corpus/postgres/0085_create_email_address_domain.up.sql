-- Deliberately loose: one "@", no whitespace, a dot in the domain part.
CREATE DOMAIN email_address AS varchar(320)
    CONSTRAINT email_address_format CHECK (VALUE ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
