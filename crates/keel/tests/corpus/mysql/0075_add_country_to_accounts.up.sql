ALTER TABLE accounts
  ADD COLUMN country_code CHAR(2) NULL AFTER status,
  ADD KEY idx_accounts_country (country_code),
  ADD CONSTRAINT fk_accounts_country FOREIGN KEY (country_code) REFERENCES countries (code) ON UPDATE CASCADE ON DELETE RESTRICT;
