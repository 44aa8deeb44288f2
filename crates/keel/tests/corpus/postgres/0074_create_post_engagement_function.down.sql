DROP FUNCTION post_engagement(bigint);
