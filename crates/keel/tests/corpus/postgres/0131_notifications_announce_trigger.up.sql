-- One NOTIFY per recipient per statement (not per row): fan-out inserts
-- thousands of notifications at once. Uses a transition table.
CREATE FUNCTION notifications_announce() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_user bigint;
BEGIN
    FOR v_user IN SELECT DISTINCT user_id FROM inserted LOOP
        PERFORM pg_notify('notifications', json_build_object('user_id', v_user)::text);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER notifications_announce
    AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT
    EXECUTE FUNCTION notifications_announce();
