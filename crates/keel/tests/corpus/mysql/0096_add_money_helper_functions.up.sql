-- Single-statement stored functions: no BEGIN ... END, no DELIMITER.
CREATE FUNCTION cents_to_amount(p_cents BIGINT) RETURNS DECIMAL(15,2)
  DETERMINISTIC NO SQL
  RETURN p_cents / 100;

CREATE FUNCTION format_money(p_cents BIGINT, p_currency CHAR(3) CHARSET utf8mb4) RETURNS VARCHAR(40) CHARSET utf8mb4
  DETERMINISTIC NO SQL
  RETURN CONCAT(FORMAT(p_cents / 100, 2), ' ', p_currency);
