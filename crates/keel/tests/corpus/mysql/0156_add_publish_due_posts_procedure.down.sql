DROP PROCEDURE publish_due_posts;
