DROP DOMAIN email_address;
