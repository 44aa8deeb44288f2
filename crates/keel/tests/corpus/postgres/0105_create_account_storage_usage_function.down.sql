DROP FUNCTION account_storage_usage(bigint);
DROP TYPE storage_usage;
