ALTER TABLE posts DROP INDEX ft_posts_body;
