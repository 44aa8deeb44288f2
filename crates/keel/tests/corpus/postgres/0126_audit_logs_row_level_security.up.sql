-- Defence in depth for the customer-facing audit page: the app role only
-- sees rows of the account set in app.account_id. (Table owners bypass RLS.)
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;

CREATE POLICY audit_logs_tenant_isolation ON audit_logs
    FOR SELECT
    USING (account_id = nullif(current_setting('app.account_id', true), '')::bigint);
