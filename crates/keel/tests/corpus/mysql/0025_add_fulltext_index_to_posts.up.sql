ALTER TABLE posts ADD FULLTEXT INDEX ft_posts_body (body);
