ALTER TABLE comments DROP INDEX ft_comments_body;
