-- Single-statement triggers: no DELIMITER needed.
CREATE TRIGGER users_bi_normalise_email BEFORE INSERT ON users
  FOR EACH ROW SET NEW.email = LOWER(TRIM(NEW.email));

CREATE TRIGGER users_bu_normalise_email BEFORE UPDATE ON users
  FOR EACH ROW SET NEW.email = LOWER(TRIM(NEW.email));
