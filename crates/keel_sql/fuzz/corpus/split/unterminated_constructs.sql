SELECT 1;
SELECT 'abc;
/* open
$tag$ body
`ident
