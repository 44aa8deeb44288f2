DROP VIEW account_credit_balances;
DROP TABLE account_credit_ledger;
