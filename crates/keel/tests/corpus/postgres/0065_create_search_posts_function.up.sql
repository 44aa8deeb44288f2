CREATE FUNCTION search_posts(p_query text, p_limit integer DEFAULT 20)
RETURNS TABLE (post_id bigint, rank real, headline text)
LANGUAGE sql
STABLE
AS $$
    SELECT p.id,
           ts_rank(p.search_vector, q),
           ts_headline('english', coalesce(p.body, ''), q,
                       'MaxFragments=2; MaxWords=12; MinWords=4; StartSel=<mark>; StopSel=</mark>')
    FROM posts p,
         websearch_to_tsquery('english', p_query) AS q
    WHERE p.search_vector @@ q
    ORDER BY 2 DESC, p.id DESC
    LIMIT p_limit;
$$;
