CREATE TABLE tax_rates (
  country_code CHAR(2) NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NULL,
  rate_percent DECIMAL(5,2) NOT NULL,
  name VARCHAR(64) NOT NULL DEFAULT 'VAT',
  PRIMARY KEY (country_code, valid_from),
  CONSTRAINT fk_tax_rates_country FOREIGN KEY (country_code) REFERENCES countries (code) ON UPDATE CASCADE ON DELETE CASCADE,
  CONSTRAINT chk_tax_rates_rate CHECK (rate_percent BETWEEN 0 AND 100),
  CONSTRAINT chk_tax_rates_validity CHECK (valid_to IS NULL OR valid_to > valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Standard rates only; reduced rates are out of scope for photo subscriptions.
INSERT INTO tax_rates (country_code, valid_from, valid_to, rate_percent, name) VALUES
  ('DE', '2020-07-01', '2020-12-31', 16.00, 'MwSt (temporary; COVID)'),
  ('DE', '2021-01-01', NULL, 19.00, 'MwSt'),
  ('FR', '2014-01-01', NULL, 20.00, 'TVA'),
  ('NL', '2019-01-01', NULL, 21.00, 'BTW'),
  ('IE', '2021-03-01', NULL, 23.00, 'VAT'),
  ('GB', '2011-01-04', NULL, 20.00, 'VAT'),
  ('CH', '2024-01-01', NULL, 8.10, 'MWST');
