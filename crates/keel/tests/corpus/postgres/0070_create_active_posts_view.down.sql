DROP VIEW active_posts;
