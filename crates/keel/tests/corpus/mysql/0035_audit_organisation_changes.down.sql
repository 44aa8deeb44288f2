DROP TRIGGER organisations_ad_audit;
DROP TRIGGER organisations_au_audit;
