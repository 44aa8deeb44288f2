CREATE FUNCTION f() RETURNS int AS $fn$
SELECT $$;$$; $x$ ; $x$
$fn$ LANGUAGE sql;
SELECT $1, a$b$ FROM t;
