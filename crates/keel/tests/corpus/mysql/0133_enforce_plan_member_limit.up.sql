DELIMITER $$

CREATE TRIGGER memberships_bi_plan_limit BEFORE INSERT ON memberships
FOR EACH ROW
BEGIN
  DECLARE v_limit INT UNSIGNED DEFAULT NULL;
  DECLARE v_count INT UNSIGNED DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_limit = NULL;

  -- the newest live subscription of the organisation's account decides; no subscription = no limit
  SELECT pl.max_members INTO v_limit
    FROM organisations o
    JOIN subscriptions s ON s.account_id = o.account_id AND s.status IN ('trialing', 'active', 'past_due')
    JOIN plans pl ON pl.id = s.plan_id
   WHERE o.id = NEW.organisation_id
   ORDER BY s.created_at DESC
   LIMIT 1;

  IF v_limit IS NOT NULL THEN
    SELECT COUNT(*) INTO v_count FROM memberships WHERE organisation_id = NEW.organisation_id;
    IF v_count >= v_limit THEN
      SIGNAL SQLSTATE '45000'
        SET MESSAGE_TEXT = 'member limit of the current plan reached; upgrade to add more';
    END IF;
  END IF;
END$$

DELIMITER ;
