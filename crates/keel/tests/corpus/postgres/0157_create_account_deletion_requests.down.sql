DROP PROCEDURE process_account_deletions(integer);
DROP TABLE account_deletion_requests;
