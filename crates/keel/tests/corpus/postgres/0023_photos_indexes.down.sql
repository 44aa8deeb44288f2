DROP INDEX photos_taken_at_idx;
DROP INDEX photos_user_id_created_at_idx;
