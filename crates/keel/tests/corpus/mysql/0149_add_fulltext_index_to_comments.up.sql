ALTER TABLE comments ADD FULLTEXT INDEX ft_comments_body (body);
