DROP VIEW popular_tags;
