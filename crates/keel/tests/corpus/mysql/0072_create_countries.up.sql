CREATE TABLE countries (
  code CHAR(2) NOT NULL COMMENT 'ISO 3166-1 alpha-2',
  name VARCHAR(100) NOT NULL,
  currency CHAR(3) NOT NULL,
  is_eu BOOLEAN NOT NULL DEFAULT FALSE,
  calling_code VARCHAR(6) NULL,
  PRIMARY KEY (code),
  UNIQUE KEY uq_countries_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
