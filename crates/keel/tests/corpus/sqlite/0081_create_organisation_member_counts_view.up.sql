-- Built on the active_users view (0080): deleted users don't count as members.
CREATE VIEW organisation_member_counts AS
SELECT o.id                                                        AS organisation_id,
       o.name,
       count(au.id)                                                AS members,
       sum(CASE WHEN r."key" IN ('owner', 'admin') THEN 1 ELSE 0 END) AS admins,
       max(au.last_login_at)                                       AS last_activity_at
  FROM organisations AS o
  LEFT JOIN memberships AS m ON m.organisation_id = o.id
  LEFT JOIN active_users AS au ON au.id = m.user_id
  LEFT JOIN roles AS r ON r.id = m.role_id AND au.id IS NOT NULL
 GROUP BY o.id, o.name;
