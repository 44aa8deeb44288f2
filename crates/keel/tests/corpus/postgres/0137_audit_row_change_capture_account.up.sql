-- v2: also record the account (from app.account_id) so that the tenant
-- policy on audit_logs can show these rows to the customer.
CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $audit$
DECLARE
    v_old      jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    v_new      jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
    v_diff     jsonb := '{}';
    v_key      text;
    v_actor    bigint := nullif(current_setting('app.user_id', true), '')::bigint;
    v_account  bigint := nullif(current_setting('app.account_id', true), '')::bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        FOR v_key IN SELECT jsonb_object_keys(v_new) LOOP
            IF (v_new -> v_key) IS DISTINCT FROM (v_old -> v_key) THEN
                v_diff := v_diff || jsonb_build_object(v_key, jsonb_build_array(v_old -> v_key, v_new -> v_key));
            END IF;
        END LOOP;
        IF v_diff = '{}'::jsonb THEN
            RETURN NEW;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        v_diff := v_new;
    ELSE
        v_diff := v_old;
    END IF;

    INSERT INTO audit_logs (account_id, actor_id, action, entity_type, entity_id, changes)
    VALUES (v_account, v_actor, lower(TG_OP), TG_TABLE_NAME,
            coalesce(v_new ->> 'id', v_old ->> 'id'), v_diff);

    RETURN coalesce(NEW, OLD);
END;
$audit$;
