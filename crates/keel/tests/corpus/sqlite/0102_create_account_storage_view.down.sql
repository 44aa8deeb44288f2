DROP VIEW account_storage;
