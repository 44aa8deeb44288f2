DROP TABLE account_deletion_requests;
