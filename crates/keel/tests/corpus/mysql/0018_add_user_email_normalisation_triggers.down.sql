DROP TRIGGER users_bu_normalise_email;
DROP TRIGGER users_bi_normalise_email;
