-- Reference data: the countries we bill in. One statement per row keeps diffs readable.
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('AT', 'Austria', 'EUR', TRUE, '+43');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('BE', 'Belgium', 'EUR', TRUE, '+32');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('CH', 'Switzerland', 'CHF', FALSE, '+41');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('CI', 'Cote d''Ivoire', 'XOF', FALSE, '+225');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('DE', 'Germany', 'EUR', TRUE, '+49');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('ES', 'Spain', 'EUR', TRUE, '+34');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('FR', 'France', 'EUR', TRUE, '+33');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('GB', 'United Kingdom', 'GBP', FALSE, '+44');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('IE', 'Ireland', 'EUR', TRUE, '+353');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('IT', 'Italy', 'EUR', TRUE, '+39');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('NL', 'Netherlands', 'EUR', TRUE, '+31');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('SE', 'Sweden', 'SEK', TRUE, '+46');
INSERT INTO countries (code, name, currency, is_eu, calling_code) VALUES ('US', 'United States', 'USD', FALSE, '+1');
