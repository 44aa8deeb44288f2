ALTER TABLE organisations ADD COLUMN billing_email TEXT;
ALTER TABLE organisations ADD COLUMN country_code TEXT
    CHECK (country_code IS NULL OR (length(country_code) = 2 AND country_code = upper(country_code)));
