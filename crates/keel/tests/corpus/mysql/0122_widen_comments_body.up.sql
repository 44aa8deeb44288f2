-- TEXT (64 KiB) -> MEDIUMTEXT; chk_comments_body still caps the length in characters.
ALTER TABLE comments MODIFY COLUMN body MEDIUMTEXT NOT NULL;
