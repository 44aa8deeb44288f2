CREATE VIEW organisation_member_counts AS
SELECT o.id AS organisation_id,
       o.account_id,
       o.name,
       COUNT(m.user_id) AS member_count,
       COALESCE(SUM(r.name = 'owner'), 0) AS owner_count,
       COALESCE(SUM(r.name = 'admin'), 0) AS admin_count
FROM organisations o
LEFT JOIN memberships m ON m.organisation_id = o.id
LEFT JOIN roles r ON r.id = m.role_id
GROUP BY o.id, o.account_id, o.name;
