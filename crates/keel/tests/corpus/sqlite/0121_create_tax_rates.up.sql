-- Standard VAT rates for the EU countries we invoice most.  Rates are fractions (0.19 = 19 %).
CREATE TABLE tax_rates (
    country_code  TEXT NOT NULL PRIMARY KEY CHECK (length(country_code) = 2),
    name          TEXT NOT NULL,
    rate          REAL NOT NULL CHECK (rate >= 0 AND rate < 1),
    valid_from    TEXT NOT NULL DEFAULT '2024-01-01'
) STRICT;

INSERT INTO tax_rates (country_code, name, rate) VALUES ('AT', 'Umsatzsteuer', 0.20);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('BE', 'BTW; TVA', 0.21);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('DE', 'Umsatzsteuer', 0.19);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('DK', 'Moms', 0.25);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('ES', 'IVA', 0.21);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('FI', 'Arvonlisävero', 0.24);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('FR', 'TVA', 0.20);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('IE', 'VAT', 0.23);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('IT', 'IVA', 0.22);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('NL', 'BTW', 0.21);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('PL', 'VAT (podatek od towarów i usług)', 0.23);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('PT', 'IVA', 0.23);
INSERT INTO tax_rates (country_code, name, rate) VALUES ('SE', 'Mervärdesskatt', 0.25);
