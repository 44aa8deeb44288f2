DROP VIEW organisation_member_counts;
