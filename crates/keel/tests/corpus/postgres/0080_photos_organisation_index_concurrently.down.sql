-- keel:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS photos_organisation_created_idx;
