DROP PROCEDURE record_post_view;
