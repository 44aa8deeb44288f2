DROP FUNCTION format_money;
DROP FUNCTION cents_to_amount;
