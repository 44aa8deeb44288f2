;;
 -- only a comment;
/* block; */ ;
# mysql-only;
