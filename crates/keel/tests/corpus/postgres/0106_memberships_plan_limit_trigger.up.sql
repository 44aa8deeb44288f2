CREATE FUNCTION memberships_enforce_plan_limit() RETURNS trigger
LANGUAGE plpgsql
AS $limit$
DECLARE
    v_account_id   bigint;
    v_plan         text;
    v_max_members  integer;
    v_current      bigint;
BEGIN
    IF NEW.role = 'guest' THEN
        RETURN NEW;  -- guests are free; they don't count against the plan
    END IF;

    SELECT o.account_id INTO v_account_id
    FROM organisations o
    WHERE o.id = NEW.organisation_id;

    SELECT p.code, p.max_members INTO v_plan, v_max_members
    FROM subscriptions s
    JOIN plans p ON p.code = s.plan_code
    WHERE s.account_id = v_account_id
      AND s.status IN ('trialing', 'active', 'past_due')
    ORDER BY s.created_at DESC
    LIMIT 1;

    IF NOT FOUND THEN
        v_plan := 'free';
        SELECT max_members INTO v_max_members FROM plans WHERE code = 'free';
    END IF;

    IF v_max_members IS NULL THEN
        RETURN NEW;  -- unlimited
    END IF;

    SELECT count(*) INTO v_current
    FROM memberships m
    JOIN organisations o ON o.id = m.organisation_id
    WHERE o.account_id = v_account_id
      AND m.role <> 'guest';

    IF v_current >= v_max_members THEN
        RAISE EXCEPTION 'plan "%" allows at most % member(s); account % already has %',
                        v_plan, v_max_members, v_account_id, v_current
            USING ERRCODE = 'check_violation',
                  HINT = 'Upgrade the plan or remove a member first.';
    END IF;

    RETURN NEW;
END;
$limit$;

CREATE TRIGGER memberships_plan_limit
    BEFORE INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION memberships_enforce_plan_limit();
